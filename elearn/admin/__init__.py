"""Administration: user accounts and roles."""
