"""Fixtures for scenario tests: the three shipped scenarios published into the test database."""

from pathlib import Path

import pytest

from elearn.core.clock import now
from elearn.extensions import db
from elearn.scenarios.content import read_rules, read_scenario, scenario_paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def published(app):
    """Publish the law glossary and the shipped scenarios; returns {slug: Scenario row}."""
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


@pytest.fixture
def compliant_path():
    """A passing path through first-contact."""
    return ["identify", {"text": "为了确认是您本人，请问您卡号后四位是多少？"}, "state-facts", "acknowledge",
            "confirm-official"]
