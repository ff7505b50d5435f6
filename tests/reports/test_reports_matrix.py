"""The compliance matrix moves as learners work; filters, sort and pages; queries do not grow."""

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from elearn.core.clock import now
from elearn.employees.models import Assignment
from elearn.extensions import db
from elearn.reports.queries import MatrixFilter, iter_matrix, matrix_page


def statuses(flt=None):
    return {(r.name, slug): c.status for r in iter_matrix(flt or MatrixFilter(), now()) for slug, c in r.cells.items()}


def test_matrix_moves_as_learners_work(team, progress, certify):
    wang, li, ouyang, zhao = team["people"]
    progress(wang, team["law"], 1)
    progress(li, team["law"], 2)
    certify(ouyang, "law")
    certify(zhao, "law", expires_in_days=10)
    got = statuses()
    assert got[("王芳", "law")] == "in_progress"
    assert got[("李强", "law")] == "completed"
    assert got[("欧阳娜娜", "law")] == "certified"
    assert got[("赵敏", "law")] == "expiring"
    assert got[("王芳", "talk")] == "not_started"


def test_overdue_revoked_and_expired(team, certify):
    wang, li, ouyang, _ = team["people"]
    db.session.execute(Assignment.__table__.update().values(due_at=now() - timedelta(days=1)))
    certify(li, "law", revoked=True)
    certify(ouyang, "law", expires_in_days=-5)
    got = statuses()
    assert got[("王芳", "law")] == "overdue"
    assert got[("李强", "law")] == "overdue"  # a revoked certificate counts for nothing
    assert got[("欧阳娜娜", "law")] == "overdue"


def test_filters_department_course_status_and_sort(team, progress):
    wang = team["people"][0]
    progress(wang, team["law"], 1)
    rows = iter_matrix(MatrixFilter(department_id=team["one"].id, sort="name", descending=True), now())
    assert [r.name for r in rows] == ["王芳", "李强"]
    rows = iter_matrix(MatrixFilter(course="law", status="in_progress"), now())
    assert [r.name for r in rows] == ["王芳"] and list(rows[0].cells) == ["law"]
    rows = iter_matrix(MatrixFilter(due_within=30), now())
    assert len(rows) == 5  # the four learners and HR: "everyone" means everyone
    assert iter_matrix(MatrixFilter(due_within=3), now()) == []


def test_pagination(team):
    page = matrix_page(MatrixFilter(), now(), page=2, per_page=3)
    assert page.total == 5 and page.pages == 2 and len(page.rows) == 2
    page = matrix_page(MatrixFilter(status="not_started"), now(), page=1, per_page=3)
    assert page.total == 5 and len(page.rows) == 3


def count_queries(fn):
    seen = []
    engine = db.engine

    def before(*args, **kwargs):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(seen)


def test_query_count_is_constant_in_the_number_of_employees(team, make_user, progress):
    flt = MatrixFilter()
    small_page = count_queries(lambda: matrix_page(flt, now()))
    small_all = count_queries(lambda: iter_matrix(flt, now()))
    for i in range(12):
        user = make_user(display_name=f"新人{i}")
        progress(user, team["law"], 1)
    from elearn.employees.assigning import apply_rules

    apply_rules(now())
    db.session.commit()
    assert len(db.session.scalars(select(Assignment)).all()) == 34
    assert count_queries(lambda: matrix_page(flt, now())) == small_page
    assert count_queries(lambda: iter_matrix(flt, now())) == small_all


# --- the status decided in SQL agrees with status_of --------------------------------------------


def _new_version(course):
    """Publish version 2 of a course: progress on version 1 still means "started", never "completed"."""
    from elearn.courses.models import CourseVersion, Lesson

    version = CourseVersion(course_id=course.id, version=2, title={"zh": "新版", "en": "v2"}, summary={}, audience={},
                            category="contract", prerequisites=[], certification={}, fingerprint="y" * 64)
    db.session.add(version)
    db.session.flush()
    db.session.add_all([Lesson(course_version_id=version.id, position=i, slug=f"n{i}", title={"zh": "课"},
                               objectives=[], body_md="", body_html="", toc=[], plain_text="") for i in range(2)])
    course.current_version_id = version.id
    db.session.commit()


def _due(user, slug, days):
    due = None if days is None else now() + timedelta(days=days)
    db.session.execute(Assignment.__table__.update()
                       .where(Assignment.user_id == user.id, Assignment.course_slug == slug).values(due_at=due))


@pytest.fixture
def varied(team, make_user, make_course, progress, certify):
    """Cells in every status at one moment or another: progress, old versions, certificates, due dates."""
    from elearn.employees import assigning

    old = make_course("old", 2)
    people = [make_user(display_name=f"样本{i}") for i in range(8)]
    a, b, c, d, e, f, g, h = people
    progress(a, team["law"], 1)
    progress(a, team["talk"], 3)
    progress(b, old, 2)
    progress(c, team["law"], 2)
    progress(h, team["talk"], 3)
    progress(g, team["law"], 1)
    certify(c, "law", expires_in_days=-5)
    certify(d, "law", expires_in_days=10)
    certify(d, "talk", expires_in_days=300)
    certify(e, "talk", revoked=True)
    certify(f, "law", expires_in_days=20)
    certify(h, "talk", expires_in_days=-3)
    _new_version(old)
    assigning.create_rule(team["hr"], now(), course_slug="old", kind="everyone", due_days=14)
    assigning.apply_rules(now())
    db.session.commit()
    for person, slug, days in [(a, "law", -2), (b, "old", -1), (c, "law", -3), (e, "talk", -1), (f, "talk", None),
                               (g, "law", None), (g, "talk", 5), (h, "talk", -4), (a, "old", 40)]:
        _due(person, slug, days)
    db.session.commit()
    return team


@pytest.mark.parametrize("days", [0, 8, 12, 16, 45, 400])
def test_sql_status_agrees_with_status_of_on_every_cell(varied, days):
    from elearn.reports.queries import cells_where, required_courses
    from elearn.reports.status import STATUSES, due_window

    moment = now() + timedelta(days=days)
    rows = iter_matrix(MatrixFilter(), moment)
    cells = {(r.user_id, slug): c for r in rows for slug, c in r.cells.items()}
    slugs = required_courses(MatrixFilter())
    assert len(cells) == 3 * 13
    for status in STATUSES:
        got = set(db.session.execute(cells_where(slugs, moment, status)).all())
        assert got == {k for k, c in cells.items() if c.status == status}, status
    for window in (3, 7, 30):
        got = set(db.session.execute(cells_where(slugs, moment, due_within=window)).all())
        assert got == {k for k, c in cells.items() if due_window(c.status, c.due_at, moment, window)}, window


def test_every_status_occurs_in_the_agreement_sample(varied):
    seen = set()
    for days in (0, 8, 12, 16, 45, 400):
        seen |= {c.status for r in iter_matrix(MatrixFilter(), now() + timedelta(days=days)) for c in r.cells.values()}
    from elearn.reports.status import STATUSES

    assert seen == set(STATUSES)


def test_filtered_page_reads_only_its_page_and_queries_stay_constant(team, make_user):
    flt = MatrixFilter(status="not_started")
    small = count_queries(lambda: matrix_page(flt, now(), per_page=2))
    for i in range(12):
        make_user(display_name=f"新人{i}")
    from elearn.employees.assigning import apply_rules

    apply_rules(now())
    db.session.commit()
    page = matrix_page(flt, now(), page=2, per_page=2)
    assert page.total == 17 and len(page.rows) == 2
    assert [r.employee_no for r in page.rows] == [r.employee_no for r in iter_matrix(flt, now())[2:4]]
    assert count_queries(lambda: matrix_page(flt, now(), per_page=2)) == small
    assert count_queries(lambda: matrix_page(MatrixFilter(due_within=30, course="law"), now())) == small
