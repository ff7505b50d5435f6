"""Accounts, roles and sign-in. A user is an employee."""
