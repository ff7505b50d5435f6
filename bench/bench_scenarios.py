"""Scenarios: the pure engine replaying a call, checking the shipped scenarios with their tests, and one
call turn through the web layer (fetch-enhanced POST that replays the run and renders the call panel).

Targets (issue 5, set here): a 5-turn replay under 2 ms; checking all shipped scenarios (graph, rules,
laws, tests) under 500 ms; a turn under 50 ms server time. The turn floor is GET /healthz on the same app.
"""

from __future__ import annotations

import time

from common import ROOT, Result, median, timed

from elearn.scenarios.content import full_check, read_rules, read_scenario, scenario_paths
from elearn.scenarios.engine import grade, replay

PASSWORD = "bench-password-1"
PATH = ["identify", {"text": "为了确认是您本人，请问您卡号后四位是多少？"}, "state-facts", "acknowledge",
        "confirm-official"]


def bench_engine() -> Result:
    rules, _, _ = read_rules(ROOT)
    spec = read_scenario(ROOT / "courses/compliant-conduct/scenarios/first-contact.yml", ROOT)[0].scenario

    def once():
        state = replay(spec, PATH, rules.values())
        assert grade(spec, state, rules).passed

    samples = timed(once, repeat=500, warmup=20)
    value = median(samples)
    return Result("replay and grade a 5-turn call (pure engine, 27 rules on free text)", value, "ms", None,
                  "< 2 ms", value < 2, f"median of 500; p95 {sorted(samples)[475]:.3f} ms")


def bench_check() -> Result:
    from elearn.courses.references import load_references

    def once():
        rules, _, problems = read_rules(ROOT)
        refs, _ = load_references(ROOT)
        tests = 0
        for path in scenario_paths(ROOT):
            file, found = read_scenario(path, ROOT)
            problems += found
            if file is not None:
                problems += full_check(file, rules, refs)
                tests += len(file.scenario.tests)
        return tests, len(problems)

    tests, problems = once()
    value = median(timed(once, repeat=10, warmup=1))
    return Result("check every scenario file and run its tests", value, "ms", None, "< 500 ms", value < 500,
                  f"median of 10; {len(scenario_paths(ROOT))} scenarios, {tests} tests, {problems} problems; "
                  "rules and glossary parsed")


def bench_grader() -> Result:
    """The free-text grader on the lessons' quoted "say this / not this" phrasings, and on the shipped
    scenarios' scripted options (an option with violations should be flagged, a clean one should not)."""
    from elearn.scenarios.phrasebook import content_phrases, measure, scenario_phrases

    rules, _, _ = read_rules(ROOT)
    phrases = content_phrases(ROOT)
    options = [p for path in scenario_paths(ROOT) for p in scenario_phrases(read_scenario(path, ROOT)[0].scenario)]
    result, scripted = measure(phrases, rules.values()), measure(options, rules.values())
    per_phrase = median(timed(lambda: measure(phrases, rules.values()), repeat=20, warmup=2)) / len(phrases)
    value = result.catch_rate * 100
    return Result("free-text grader: lessons' don't-say phrasings caught", value, "%", None,
                  ">= 90% caught, no do-phrasing flagged", value >= 90 and not result.misfired,
                  f"{len(result.caught)}/{result.dont_total} caught; {len(result.misfired)}/{result.do_total} "
                  f"good phrasings flagged; scripted options: {len(scripted.caught)}/{scripted.dont_total} "
                  f"with violations flagged, {len(scripted.misfired)}/{scripted.do_total} clean ones flagged "
                  f"(many misses are I1/I2 omissions no words can show); {per_phrase:.3f} ms per phrase")


def _setup(app):
    from elearn.auth import services as auth
    from elearn.core.clock import now
    from elearn.extensions import db
    from elearn.scenarios import services

    _rules, rules_source, _ = read_rules(ROOT)
    for path in scenario_paths(ROOT):
        file, problems = read_scenario(path, ROOT)
        if file is not None and not problems:
            services.publish_file(file, rules_source, None, now())
    auth.create_user(role="learner", username="bench", display_name="基准用户", employee_no="B0001",
                     password=PASSWORD, now=now())
    db.session.commit()


def bench_turn() -> Result:
    from common import fresh_app

    app = fresh_app()
    with app.app_context():
        _setup(app)
    client = app.test_client()
    assert client.post("/auth/login", data={"username": "bench", "password": PASSWORD}).status_code == 302
    location = client.post("/scenarios/compliant-conduct/first-contact/start/practice").headers["Location"]
    run_id = location.rstrip("/").split("/")[-1]
    headers = {"X-Requested-With": "fetch"}
    for choice in PATH[:3]:
        data = {"text": choice["text"]} if isinstance(choice, dict) else {"option": choice}
        client.post(f"/scenarios/runs/{run_id}/turn", data=data, headers=headers)
    floor = median(timed(lambda: client.get("/healthz"), repeat=50, warmup=5))
    samples = []
    for _ in range(40):
        start = time.perf_counter()
        response = client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "acknowledge"}, headers=headers)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200 and "html" in response.get_json()
        client.post(f"/scenarios/runs/{run_id}/back", headers=headers)
    value = median(samples)
    return Result("one call turn (POST, replay 4 turns, store, render panel)", value, "ms", floor, "< 50 ms",
                  value < 50, "median of 40 in-process requests on SQLite, practice mode with feedback")


def run() -> list[Result]:
    return [bench_engine(), bench_check(), bench_grader(), bench_turn()]
