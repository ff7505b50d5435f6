"""Scenario pages: the learner plays with plain form posts or fetch, gets a debrief; trainers edit and review."""

from sqlalchemy import select

from elearn.audit.models import AuditEntry
from elearn.extensions import db
from elearn.scenarios.models import ScenarioRun


def start(client, mode="practice", slug="first-contact", course="compliant-conduct"):
    client.get(f"/scenarios/{course}/{slug}/")
    response = client.post(f"/scenarios/{course}/{slug}/start/{mode}")
    assert response.status_code == 302
    return response.headers["Location"]


def test_learner_plays_with_form_posts_and_gets_a_debrief_citing_the_law(app, client, login, make_user, published):
    login(make_user())
    assert "首次联系与身份核实" in client.get("/scenarios/").get_data(as_text=True)
    url = start(client)
    page = client.get(url).get_data(as_text=True)
    card = page[page.index("persona-title"):page.index("</section>", page.index("persona-title"))]
    assert "张*" in card and "**** **** **** 4821" in card and "张伟" not in card
    run_id = int(url.rstrip("/").split("/")[-1])
    client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "identify"})
    client.post(f"/scenarios/runs/{run_id}/turn", data={"text": "麻烦您说一下卡号后四位"})
    page = client.get(url).get_data(as_text=True)
    assert "先说清机构" in page  # practice feedback after the turn; a reload resumes the call
    for option in ("state-facts", "lecture", "fight-back"):
        response = client.post(f"/scenarios/runs/{run_id}/turn", data={"option": option})
    assert response.headers["Location"].endswith(f"/scenarios/runs/{run_id}/debrief")
    debrief = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "E3" in debrief and "law-chip" in debrief and "消费者权益保护法" in debrief
    client.post("/lang/en")
    english = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Consumer Rights Protection Law Art. 28" in english and "消费者权益保护法" not in english


def test_enhanced_turns_return_the_call_panel_as_json(client, login, make_user, published):
    login(make_user())
    url = start(client, mode="assessment", slug="employer-answers", course="privacy-pipl")
    run_id = int(url.rstrip("/").split("/")[-1])
    headers = {"X-Requested-With": "fetch"}
    body = client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "neutral-ask"}, headers=headers).get_json()
    assert "李娜今天请假了" in body["html"] and "只请对方转告" not in body["html"]  # no feedback in assessment
    bad = client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "official-number"}, headers=headers)
    assert bad.status_code == 400 and bad.get_json()["error"]
    client.post(f"/scenarios/runs/{run_id}/turn", data={"text": "不方便透露，请她回电"}, headers=headers)
    end = client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "official-number"}, headers=headers)
    assert end.get_json()["redirect"].endswith("/debrief")
    assert db.session.get(ScenarioRun, run_id).passed is True


def test_hang_up_and_step_back_buttons(client, login, make_user, published):
    login(make_user())
    url = start(client)
    run_id = int(url.rstrip("/").split("/")[-1])
    client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "blurt"})
    assert "Step back" in client.get(url).get_data(as_text=True) or "退回" in client.get(url).get_data(as_text=True)
    client.post(f"/scenarios/runs/{run_id}/back")
    assert db.session.get(ScenarioRun, run_id).choices == []
    response = client.post(f"/scenarios/runs/{run_id}/hang-up")
    assert response.headers["Location"].endswith("/debrief")
    assert db.session.get(ScenarioRun, run_id).outcome == "hang_up"


def test_runs_are_private_but_trainers_read_transcripts_with_an_audit_entry(app, client, login, make_user, published):
    learner, other, trainer = make_user(), make_user(), make_user(role="trainer")
    login(learner)
    url = start(client)
    run_id = int(url.rstrip("/").split("/")[-1])
    client.post(f"/scenarios/runs/{run_id}/hang-up")
    other_client = app.test_client()
    login(other, client=other_client)
    assert other_client.get(f"/scenarios/runs/{run_id}/debrief").status_code == 404
    assert other_client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "identify"}).status_code == 404
    trainer_client = app.test_client()
    login(trainer, client=trainer_client)
    listing = trainer_client.get("/scenarios/compliant-conduct/first-contact/runs").get_data(as_text=True)
    assert learner.display_name in listing
    assert trainer_client.get(f"/scenarios/runs/{run_id}/debrief").status_code == 200
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "scenario.transcript.view" in actions


def test_trainer_editor_checks_runs_tests_and_saves_a_version(client, login, make_user, published):
    login(make_user(role="trainer"))
    url = "/scenarios/compliant-conduct/first-contact/edit"
    source = published["first-contact"].current_version.source
    broken = source.replace("next: verified\n", "next: verifed\n", 1)
    page = client.post(url, data={"source": broken, "action": "check"}).get_data(as_text=True)
    assert "leads to unknown node" in page and "first-contact.yml:" in page
    failing = source.replace("expect: {ending: end-promise, outcome: payment_promised, passed: true", "expect: {ending: end-hangup, outcome: payment_promised, passed: true", 1)
    page = client.post(url, data={"source": failing, "action": "check"}).get_data(as_text=True)
    assert "expected ending" in page
    saved = client.post(url, data={"source": source.replace("喂，哪位？", "喂？哪位啊？"), "action": "save"})
    assert saved.status_code == 302
    assert published["first-contact"].current_version.version == 2
    assert "scenario.publish" in db.session.scalars(select(AuditEntry.action)).all()
    assert client.post(url, data={"source": broken, "action": "save"}).status_code == 200
    assert published["first-contact"].current_version.version == 2


def test_graph_and_analytics_pages(app, client, login, make_user, published):
    learner_client = app.test_client()
    login(make_user(), client=learner_client)
    url = start(learner_client, mode="assessment")
    run_id = int(url.rstrip("/").split("/")[-1])
    learner_client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "court-voice"})
    login(make_user(role="trainer"))
    graph = client.get("/scenarios/compliant-conduct/first-contact/graph").get_data(as_text=True)
    assert "<svg" in graph and 'class="edge-bad"' in graph and "end-promise" in graph
    stats = client.get("/scenarios/compliant-conduct/first-contact/analytics").get_data(as_text=True)
    assert "这里是法院执行局" in stats and "100%" in stats and "D1" in stats
    assert client.get("/scenarios/manage").status_code == 200
    assert client.get("/scenarios/compliant-conduct/first-contact/graph").status_code == 200


def test_learners_cannot_open_trainer_pages(client, login, make_user, published):
    login(make_user())
    assert client.get("/scenarios/compliant-conduct/first-contact/edit").status_code == 403
    assert client.get("/scenarios/manage").status_code == 403


def test_a_learners_calls_page_for_trainers_and_hr_only(app, client, login, make_user, published):
    from elearn.core.clock import now
    from elearn.scenarios import services

    learner, peer, hr = make_user(), make_user(), make_user(role="hr")
    services.record_run(learner, published["first-contact"], "assessment", ["court-voice"], now())
    db.session.commit()
    login(hr)
    page = client.get(f"/scenarios/people/{learner.id}").get_data(as_text=True)
    assert learner.display_name in page and "首次联系与身份核实" in page
    peer_client = app.test_client()
    login(peer, client=peer_client)
    assert peer_client.get(f"/scenarios/people/{learner.id}").status_code == 404


def test_home_page_widget_lists_call_practice(client, login, make_user, published):
    login(make_user())
    start(client)
    page = client.get("/").get_data(as_text=True)
    assert "call-practice-title" in page and "首次联系与身份核实" in page


def test_a_double_submitted_turn_is_applied_once(client, login, make_user, published):
    login(make_user())
    url = start(client)
    run_id = int(url.rstrip("/").split("/")[-1])
    at = str(db.session.get(ScenarioRun, run_id).revision)
    first = client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "identify-no-recording", "at": at})
    again = client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "identify-no-recording", "at": at})
    assert first.status_code == again.status_code == 302
    assert db.session.get(ScenarioRun, run_id).choices == ["identify-no-recording"]
    assert "已经往下进行" in client.get(url).get_data(as_text=True)


def test_no_peeking_at_the_debrief_during_an_assessment(client, login, make_user, published):
    login(make_user())
    url = start(client, mode="assessment")
    run_id = int(url.rstrip("/").split("/")[-1])
    client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "blurt"})
    response = client.get(f"/scenarios/runs/{run_id}/debrief")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/scenarios/runs/{run_id}")
    assert "没有表明身份" not in client.get(url).get_data(as_text=True)
