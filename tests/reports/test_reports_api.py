"""An HR system pulls the same data through the API as HR sees, and every answer matches docs/openapi.yaml."""

from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
import yaml
from sqlalchemy import select

from elearn.audit.models import AuditEntry
from elearn.core.clock import now
from elearn.extensions import db
from elearn.reports import services

SPEC = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
BASE = SPEC["servers"][0]["url"]


def to_json_schema(node):
    """OpenAPI 3.0 schema -> JSON Schema: resolve $ref, turn `nullable` into a null type."""
    if isinstance(node, list):
        return [to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = SPEC
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return to_json_schema(target)
    out = {k: to_json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def response_schema(path, status="200"):
    content = to_json_schema(SPEC["paths"][path]["get"]["responses"][status])["content"]
    return content["application/json"]["schema"]


@pytest.fixture
def api(client, team, app):
    _, token = services.create_client(team["hr"], "北森 HR", now())
    db.session.commit()

    def get(path, token=token, **params):
        response = client.get(BASE + path, query_string=params, headers={"Authorization": f"Bearer {token}"})
        if response.status_code == 200:
            jsonschema.validate(response.get_json(), response_schema(path))
        return response

    return get


@pytest.mark.parametrize("path", sorted(SPEC["paths"]))
def test_every_documented_path_answers_as_documented(api, certify, progress, team, path):
    certify(team["people"][0], "law")
    progress(team["people"][1], team["law"], 1)
    body = api(path).get_json()
    assert body["total"] >= 1 and body["items"]


def test_same_statuses_as_the_matrix(api, team, certify):
    certify(team["people"][2], "law")
    body = api("/compliance", course="law", status="certified").get_json()
    assert [row["name"] for row in body["items"]] == ["欧阳娜娜"]
    assert body["items"][0]["courses"][0]["status"] == "certified"


def test_pagination_and_updated_since(api, team):
    first = api("/employees", per_page=2).get_json()
    assert first["total"] == 5 and len(first["items"]) == 2 and "page=2" in first["next"]
    last = api("/employees", per_page=2, page=3).get_json()
    assert last["next"] is None and len(last["items"]) == 1
    future = (now() + timedelta(days=1)).isoformat() + "Z"
    assert api("/employees", updated_since=future).get_json()["total"] == 0
    assert api("/assignments", updated_since="2000-01-01T00:00:00+08:00").get_json()["total"] == 10


def test_bad_parameters_are_400_as_documented(api):
    for params in ({"per_page": 501}, {"page": 0}, {"updated_since": "yesterday"}):
        response = api("/employees", **params)
        assert response.status_code == 400
        jsonschema.validate(response.get_json(), response_schema("/employees", "400"))


def test_missing_wrong_and_revoked_tokens_are_refused(api, client, team):
    assert client.get(BASE + "/employees").status_code == 401
    assert api("/employees", token="el_000000000000_forged").status_code == 401
    client_row = services.all_clients()[0]
    assert client_row.token_hash and len(client_row.token_hash) == 64
    services.revoke(team["hr"], client_row.id, now())
    db.session.commit()
    response = api("/employees")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")


def test_reads_are_audited(api):
    api("/employees", per_page=1)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "api.read")).one()
    assert entry.target.endswith("/employees") and "北森 HR" in entry.actor_name


def test_admin_creates_and_revokes_tokens_in_the_browser(client, login, make_user):
    login(make_user("admin"))
    html = client.post("/reports/api-clients", data={"name": "SAP SuccessFactors"}).get_data(as_text=True)
    token = html.split('user-select-all d-block p-2 bg-white border rounded">')[1].split("<")[0]
    assert token.startswith("el_")
    assert client.get(BASE + "/employees", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    client_id = services.all_clients()[0].id
    client.post(f"/reports/api-clients/{client_id}/revoke")
    assert client.get(BASE + "/employees", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_the_api_is_rate_limited(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
    with app.app_context():
        _, token = services.create_client(None, "noisy", now())
        db.session.commit()
        client = app.test_client()
        codes = [client.get(BASE + "/employees", headers={"Authorization": f"Bearer {token}"}).status_code
                 for _ in range(4)]
    assert codes == [200, 200, 200, 429]
