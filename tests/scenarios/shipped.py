"""Publish the law glossary and the three shipped scenarios into the test database."""

from pathlib import Path

from elearn.core.clock import now
from elearn.extensions import db
from elearn.scenarios.content import read_rules, read_scenario, scenario_paths

ROOT = Path(__file__).resolve().parents[2]


def publish_shipped() -> dict:
    """Returns {scenario id: Scenario row}; commits."""
    from elearn.courses.publishing import upsert_references
    from elearn.courses.references import load_references
    from elearn.scenarios import services

    upsert_references(load_references(ROOT)[0], now())
    _rules, rules_source, problems = read_rules(ROOT)
    assert problems == []
    rows = {}
    for path in scenario_paths(ROOT):
        file, found = read_scenario(path, ROOT)
        assert found == []
        services.publish_file(file, rules_source, None, now())
        rows[file.scenario.id] = services.find(file.scenario.course, file.scenario.id)
    db.session.commit()
    return rows
