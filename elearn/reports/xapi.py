"""Pure core: learning events as xAPI 1.0.3 statements for a learning record store.

Statement ids are UUID5 of the event, so exporting the same history twice yields the same ids
and an LRS stores each event once. The actor is identified by an account (site + employee
number), never by email: the LRS needs no more personal data than that.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

VERBS = {
    "completed": ("http://adlnet.gov/expapi/verbs/completed", "completed", "完成"),
    "passed": ("http://adlnet.gov/expapi/verbs/passed", "passed", "通过"),
    "failed": ("http://adlnet.gov/expapi/verbs/failed", "failed", "未通过"),
    "earned": ("http://id.tincanapi.com/verb/earned", "earned", "获得"),
}
NAMESPACE = uuid.UUID("4b8f3c1e-8a51-4c1e-9a53-6b0f3f2a7c10")


@dataclass(frozen=True)
class LearningEvent:
    """One thing a learner did: ``kind`` is a VERBS key, ``activity`` a path like courses/law."""

    kind: str
    employee_no: str
    activity: str
    activity_name: dict  # {"zh": ..., "en": ...}
    at: datetime  # naive UTC
    score_percent: float | None = None
    success: bool | None = None
    ref: str = ""  # the source row, e.g. "quiz_attempt:42"


def statement(event: LearningEvent, base_url: str) -> dict:
    """Build one xAPI statement (dict ready for json.dumps); raises KeyError on an unknown verb."""
    verb_id, en, zh = VERBS[event.kind]
    base = base_url.rstrip("/")
    out = {
        "id": str(uuid.uuid5(NAMESPACE, f"{base}|{event.kind}|{event.employee_no}|{event.activity}|{event.ref}")),
        "actor": {"objectType": "Agent", "account": {"homePage": base, "name": event.employee_no}},
        "verb": {"id": verb_id, "display": {"en-US": en, "zh-CN": zh}},
        "object": {
            "objectType": "Activity",
            "id": f"{base}/{event.activity.lstrip('/')}",
            "definition": {"name": _names(event.activity_name)},
        },
        "timestamp": event.at.replace(microsecond=0).isoformat() + "Z",
        "version": "1.0.3",
    }
    result = _result(event)
    if result:
        out["result"] = result
    return out


def _names(name: dict) -> dict:
    names = {}
    if name.get("zh"):
        names["zh-CN"] = name["zh"]
    if name.get("en"):
        names["en-US"] = name["en"]
    return names or {"und": "?"}


def _result(event: LearningEvent) -> dict:
    result: dict = {}
    if event.score_percent is not None:
        scaled = max(0.0, min(1.0, event.score_percent / 100))
        result["score"] = {"scaled": round(scaled, 4), "raw": round(event.score_percent, 2), "min": 0, "max": 100}
    if event.success is not None:
        result["success"] = event.success
    if event.kind in ("completed", "passed", "earned"):
        result["completion"] = True
    return result
