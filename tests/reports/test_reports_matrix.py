"""The compliance matrix moves as learners work; filters, sort and pages; queries do not grow."""

from datetime import timedelta

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
