"""Certificates: issuance when a course's rule is met, PDF, public verification, expiry and revocation."""
