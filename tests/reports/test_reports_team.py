"""A team lead sees their team's matrix (direct and indirect reports) and nobody else's."""

from sqlalchemy import select

from elearn.audit.models import AuditEntry
from elearn.extensions import db


def _lead(team, make_user):
    """组长 leads 王芳, who leads 李强; 欧阳娜娜 and 赵敏 report to nobody here."""
    wang, li, _, _ = team["people"]
    lead = make_user(display_name="组长")
    wang.manager_id = lead.id
    li.manager_id = wang.id
    db.session.commit()
    return lead


def test_team_lead_sees_direct_and_indirect_reports_only(client, login, team, make_user, progress):
    lead = _lead(team, make_user)
    progress(team["people"][1], team["law"], 1)
    login(lead)
    html = client.get("/reports/team").get_data(as_text=True)
    assert "王芳" in html and "李强" in html
    assert "欧阳娜娜" not in html and "赵敏" not in html and "组长" not in html.split("<main", 1)[1].split("<table")[1]
    filtered = client.get("/reports/team?status=in_progress").get_data(as_text=True)
    assert "李强" in filtered and "王芳" not in filtered
    widened = client.get(f"/reports/team?department_id={team['two'].id}").get_data(as_text=True)
    assert "欧阳娜娜" not in widened and "王芳" in widened  # HR's filters cannot widen the team
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("reports.team_view") == 3


def test_team_lead_opens_a_report_but_not_anyone_else(client, login, team, make_user):
    lead = _lead(team, make_user)
    wang, li, ouyang, _ = team["people"]
    login(lead)
    page = client.get(f"/reports/team/{li.id}")
    assert page.status_code == 200 and "合同与还款义务" in page.get_data(as_text=True)
    assert client.get(f"/reports/team/{ouyang.id}").status_code == 404
    assert client.get(f"/reports/team/{lead.id}").status_code == 404
    assert db.session.scalar(select(AuditEntry.target).where(AuditEntry.action == "reports.team_member_view")) == \
        f"user:{li.id}"


def test_people_without_reports_are_refused_and_leavers_drop_out(app, client, login, team, make_user):
    lead = _lead(team, make_user)
    other = app.test_client()
    login(team["people"][3], client=other)
    assert other.get("/reports/team").status_code == 403
    team["people"][1].active = False
    db.session.commit()
    login(lead)
    html = client.get("/reports/team").get_data(as_text=True)
    assert "王芳" in html and "李强" not in html
    assert client.get(f"/reports/team/{team['people'][1].id}").status_code == 404


def test_home_page_shows_the_team_link_to_leads_only(app, client, login, team, make_user):
    lead = _lead(team, make_user)
    login(lead)
    assert "/reports/team" in client.get("/").get_data(as_text=True)
    other = app.test_client()
    login(team["people"][3], client=other)
    assert "/reports/team" not in other.get("/").get_data(as_text=True)


def test_reports_follow_the_chain_through_leavers_and_stop_at_a_cycle(app, team, make_user):
    """reports_of walks down the manager links in SQL: a leaver in the middle still passes their reports on
    (they are not listed themselves), and a reporting cycle ends instead of looping."""
    from elearn.reports.queries import reports_of

    wang, li, ouyang, zhao = team["people"]
    lead = make_user(display_name="组长")
    wang.manager_id, li.manager_id, ouyang.manager_id = lead.id, wang.id, li.id
    li.active = False
    lead.manager_id = ouyang.id  # a cycle: 组长 -> 王芳 -> 李强 -> 欧阳娜娜 -> 组长
    db.session.commit()
    assert reports_of(lead.id) == {wang.id, ouyang.id}
    assert reports_of(zhao.id) == frozenset()
