from dataclasses import dataclass, replace
from datetime import datetime

from elearn.audit.chain import GENESIS, entry_hash, verify_chain


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    actor_name: str
    action: str
    target: str
    details: str
    prev_hash: str
    hash: str


def build(n: int) -> list[Entry]:
    entries, prev = [], GENESIS
    for i in range(1, n + 1):
        at = datetime(2026, 11, 28, 9, 0, i)
        h = entry_hash(prev, at, "hr (赵敏)", "report.export", f"report:{i}", '{"format": "csv"}')
        entries.append(Entry(i, at, "hr (赵敏)", "report.export", f"report:{i}", '{"format": "csv"}', prev, h))
        prev = h
    return entries


def test_intact_chain_has_no_breaks():
    assert verify_chain(build(5)) == []


def test_edited_entry_is_detected():
    entries = build(5)
    entries[2] = replace(entries[2], details='{"format": "xlsx"}')
    breaks = verify_chain(entries)
    assert [b.entry_id for b in breaks] == [3]
    assert "edited" in breaks[0].reason


def test_deleted_entry_is_detected_at_its_successor():
    entries = build(5)
    del entries[1]
    assert [b.entry_id for b in verify_chain(entries)] == [3]
