"""Demo data: accounts, an organisation and a realistic spread of progress, for `make run`."""
