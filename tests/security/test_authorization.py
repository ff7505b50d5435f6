"""Every route of the app, tried as anonymous, learner, trainer, hr and admin.

Each endpoint must be declared in ACCESS with who may use it; a route without a declaration fails the test, so
new routes cannot slip in unreviewed. Object-level rules (a learner opening another learner's record) are tested
in each domain's tests and in test_object_access.py; here the ids point at nothing, so an allowed user gets a
404 or a validation answer, never a 403 or a sign-in redirect.
"""

from __future__ import annotations

import pytest

PUBLIC, LOGIN, TRAINER, HR, ADMIN, TOKEN = "public", "login", "trainer", "hr", "admin", "token"
# Signed in, then decided by the object: a team lead sees their team, anyone else gets 403 or 404.
BY_OBJECT = "by-object"
ROLES = ("learner", "trainer", "hr", "admin")
ALLOWED = {LOGIN: set(ROLES), TRAINER: {"trainer", "admin"}, HR: {"hr", "admin"}, ADMIN: {"admin"}}

ACCESS = {
    "static": PUBLIC,
    "main.home": LOGIN, "main.healthz": PUBLIC, "main.set_language": PUBLIC,
    "auth.login": PUBLIC, "auth.logout": LOGIN, "auth.account": LOGIN, "auth.change_password": LOGIN,
    "auth.change_language": LOGIN,
    "admin.users": ADMIN, "admin.create_user": ADMIN, "admin.user_detail": ADMIN, "admin.change_role": ADMIN,
    "admin.toggle_active": ADMIN, "admin.reset_password": ADMIN,
    # courses
    "courses.catalogue": LOGIN, "courses.course": LOGIN, "courses.lesson": LOGIN, "courses.complete": LOGIN,
    "courses.ping": LOGIN, "courses.resume": LOGIN, "courses.media": LOGIN, "courses.glossary": LOGIN,
    "courses.search": LOGIN,
    "courses.manage": TRAINER, "courses.manage_new": TRAINER, "courses.draft_open": TRAINER, "courses.draft": TRAINER,
    "courses.lesson_edit": TRAINER, "courses.preview": TRAINER, "courses.lesson_add": TRAINER,
    "courses.lesson_delete": TRAINER, "courses.lesson_move": TRAINER, "courses.media_upload": TRAINER, "courses.draft_media": TRAINER,
    "courses.publish": TRAINER, "courses.discard": TRAINER, "courses.versions": TRAINER, "courses.diff": TRAINER,
    # quizzes
    "quizzes.index": LOGIN, "quizzes.quiz": LOGIN, "quizzes.start": LOGIN, "quizzes.attempt": LOGIN,
    "quizzes.save": LOGIN, "quizzes.submit": LOGIN, "quizzes.review": LOGIN,
    "quizzes.manage": TRAINER, "quizzes.bank": TRAINER, "quizzes.analysis": TRAINER, "quizzes.analysis_csv": TRAINER,
    "quizzes.export": TRAINER, "quizzes.import_gift": TRAINER, "quizzes.edit": TRAINER, "quizzes.grading": TRAINER,
    "quizzes.grade": TRAINER,
    # scenarios
    "scenarios.index": LOGIN, "scenarios.intro": LOGIN, "scenarios.start": LOGIN, "scenarios.run": LOGIN,
    "scenarios.turn": LOGIN, "scenarios.back": LOGIN, "scenarios.hang_up": LOGIN, "scenarios.report": LOGIN,
    "scenarios.mine": LOGIN, "scenarios.person": LOGIN,
    "scenarios.manage": TRAINER, "scenarios.edit": TRAINER, "scenarios.graph": TRAINER,
    "scenarios.analytics": TRAINER, "scenarios.runs": TRAINER,
    # certificates
    "certificates.mine": LOGIN, "certificates.detail": LOGIN, "certificates.download": LOGIN,
    "certificates.badge": LOGIN, "certificates.issuer": PUBLIC, "certificates.status_json": PUBLIC,
    "certificates.badge_landing": PUBLIC, "certificates.verify": PUBLIC,
    "certificates.manage": HR, "certificates.revoke": HR, "certificates.reissue": HR, "certificates.bulk": HR,
    "certificates.bundle_page": HR, "certificates.bundle_status": HR, "certificates.bundle_download": HR,
    # employees
    "employees.directory": HR, "employees.departments": HR, "employees.person": LOGIN,
    "employees.import_upload": HR, "employees.import_apply": HR, "employees.assignments": HR,
    "employees.assign_manual": HR, "employees.stop_rule": HR,
    "employees.import_status_page": HR, "employees.import_status": HR,
    # reports
    "reports.matrix": HR, "reports.export": HR, "reports.job": HR, "reports.job_status": HR,
    "reports.job_download": HR, "reports.dashboard": HR, "reports.transcript": LOGIN,
    "reports.transcript_pdf": LOGIN, "reports.xapi_export": HR, "reports.api_clients": ADMIN,
    "reports.revoke_client": ADMIN, "reports.team": BY_OBJECT, "reports.team_member": BY_OBJECT,
    "reports.api.employees": TOKEN, "reports.api.assignments": TOKEN, "reports.api.compliance": TOKEN,
    "reports.api.certificates": TOKEN, "reports.api.statements": TOKEN,
    # audit
    "audit.log": HR, "audit.verify": HR,
}

SAMPLE_ARGS = {"int": 987654, "default": "no-such-thing", "path": "no/such.file"}


def _url(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        values[name] = SAMPLE_ARGS["int"] if kind in ("integer", "int") else (
            SAMPLE_ARGS["path"] if kind == "path" else SAMPLE_ARGS["default"])
    return rule.build(values, append_unknown=False)[1]


def _routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_is_declared(app):
    undeclared = sorted({rule.endpoint for rule, _ in _routes(app)} - set(ACCESS))
    assert not undeclared, f"declare who may use these routes in ACCESS: {undeclared}"


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/auth/login" in response.headers.get("Location", "")


@pytest.mark.parametrize("role", [None, *ROLES])
def test_each_role_gets_the_declared_answer(app, make_user, login, role):
    client = app.test_client()
    if role:
        login(make_user(role=role), client=client)
    problems = []
    for rule, method in _routes(app):
        access = ACCESS.get(rule.endpoint)
        if access is None or rule.endpoint == "auth.logout":
            continue
        url = _url(rule)
        response = client.open(url, method=method)
        code = response.status_code
        where = f"{method} {url} as {role or 'anonymous'}: {code}"
        if access == PUBLIC:
            if code == 403 or _is_login_redirect(response):
                problems.append(f"{where} (should be public)")
        elif access == TOKEN:
            if code != 401:
                problems.append(f"{where} (API without a token must be 401)")
        elif role is None:
            if not (_is_login_redirect(response) or code == 401):
                problems.append(f"{where} (anonymous must be sent to sign in)")
        elif access == BY_OBJECT:
            if code in (401, 500) or _is_login_redirect(response):
                problems.append(f"{where} (signed-in users get the page, 403 or 404)")
        elif role in ALLOWED[access]:
            if code in (401, 403, 500) or _is_login_redirect(response):
                problems.append(f"{where} (should be allowed)")
        elif code != 403:
            problems.append(f"{where} (should be 403)")
    assert not problems, "\n".join(problems)
