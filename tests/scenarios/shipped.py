"""Publish the law glossary and the three scenarios shipped with the engine into the test database."""

from functools import cache
from pathlib import Path

from elearn.core.clock import now
from elearn.extensions import db
from elearn.scenarios.content import read_rules, read_scenario

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (
    "courses/compliant-conduct/scenarios/first-contact.yml",
    "courses/privacy-pipl/scenarios/employer-answers.yml",
    "courses/communication-negotiation/scenarios/hardship-installments.yml",
)


@cache
def _glossary():
    """The repository's law references, parsed once per test session."""
    from elearn.courses.references import load_references

    return load_references(ROOT)[0]


def publish_shipped() -> dict:
    """Returns {scenario id: Scenario row}; commits."""
    from elearn.courses.publishing import upsert_references
    from elearn.scenarios import services

    upsert_references(_glossary(), now())
    _rules, rules_source, problems = read_rules(ROOT)
    assert problems == []
    rows = {}
    for name in SHIPPED:
        file, found = read_scenario(ROOT / name, ROOT)
        assert found == []
        services.publish_file(file, rules_source, None, now())
        rows[file.scenario.id] = services.find(file.scenario.course, file.scenario.id)
    db.session.commit()
    return rows
