"""Append-only audit log, each entry chained to the previous one by a hash."""
