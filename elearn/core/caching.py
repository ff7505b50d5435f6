"""Per-process caches of values that never change for their key (published versions, rendered fragments)."""

from __future__ import annotations

import threading

_LOCK = threading.Lock()


def remember(store: dict, key, value, limit: int):
    """Put `value` in `store` under `key` and return it; a store holding `limit` entries is emptied first.

    Emptying instead of evicting keeps the hit path a plain dict lookup (no LRU bookkeeping per request)
    and still bounds memory; the values are rebuilt on the next misses.
    """
    with _LOCK:
        if len(store) >= limit:
            store.clear()
        store[key] = value
    return value
