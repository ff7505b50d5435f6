"""Fixtures for scenario tests: the three shipped scenarios published into the test database."""

import pytest

from tests.scenarios.shipped import publish_shipped


@pytest.fixture
def published(app):
    """Publish the law glossary and the shipped scenarios; returns {slug: Scenario row}."""
    return publish_shipped()


@pytest.fixture
def compliant_path():
    """A passing path through first-contact."""
    return ["identify", {"text": "为了确认是您本人，请问您卡号后四位是多少？"}, "state-facts", "acknowledge",
            "confirm-official"]
