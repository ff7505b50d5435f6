"""Online backup of the embedded SQLite database (PostgreSQL is backed up with pg_dump, see README)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class BackupError(RuntimeError):
    """The backup cannot be made; the message says why."""


def sqlite_path(database_uri: str) -> Path:
    """The file behind a sqlite:/// URI; raises BackupError for any other database."""
    prefix = "sqlite:///"
    if not database_uri.startswith(prefix):
        raise BackupError("`flask backup` copies the embedded SQLite database; for PostgreSQL use pg_dump (README)")
    return Path(database_uri[len(prefix):])


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy a live SQLite database page by page (consistent even while the site writes); returns bytes written.

    The copy is written to a temporary file and renamed, so a failed backup never leaves a half file behind.
    """
    if not source.exists():
        raise BackupError(f"no database at {source}")
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=256)
        dst.execute("PRAGMA integrity_check")
    finally:
        dst.close()
        src.close()
    partial.rename(target)
    return target.stat().st_size
