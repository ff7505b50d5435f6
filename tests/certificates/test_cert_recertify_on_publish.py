"""Publishing a course version that requires recertification re-opens the course for holders of older
versions at once (the `course_published` signal), not at the next daily sweep."""

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from elearn.certificates import services
from elearn.certificates.rules import Facts
from elearn.core.clock import now
from elearn.courses.content import Certification, CourseSpec, LessonSpec
from elearn.courses.publishing import publish_spec
from elearn.employees.models import Assignment
from elearn.extensions import db

SPEC = CourseSpec(
    slug="recert-course",
    title={"zh": "合规催收复训", "en": "Compliant collection refresher"},
    summary={"zh": "复训。", "en": "Refresher."},
    category="conduct",
    version=1,
    change_note="首次发布",
    estimated_minutes=10,
    audience={"zh": "催收专员"},
    prerequisites=(),
    lessons=(LessonSpec("01-hours.md", {"zh": "拨打时间", "en": "Calling hours"}, 5, (), "## 拨打时间\n\n正文。\n"),),
    certification=Certification(),
    recertify_on_new_version=False,
)


def _holder(make_user, moment):
    """A person holding a certificate on the course's current version."""
    user = make_user()
    info = services.course_facts(services.real_learning().published_course(SPEC.slug), SPEC.slug)
    snapshot = services._snapshot(info, Facts(), moment)
    cert = services._create(user, snapshot, moment, replaces=None, actor=None, action="certificate.issued")
    db.session.commit()
    return user, cert


def _assignments():
    return db.session.scalars(select(Assignment).where(Assignment.course_slug == SPEC.slug)).all()


def test_publishing_a_recertifying_version_reopens_the_course_at_once(app, make_user):
    moment = now()
    publish_spec(SPEC, {}, None, moment)
    db.session.commit()
    holder, cert = _holder(make_user, moment - timedelta(days=40))
    publish_spec(replace(SPEC, version=2, change_note="措辞"), {}, None, moment + timedelta(hours=1))
    db.session.commit()
    assert _assignments() == [] and cert.reassigned_at is None  # v2 does not require recertification

    published = moment + timedelta(hours=2)
    publish_spec(replace(SPEC, version=3, change_note="新规", recertify_on_new_version=True), {}, None, published)
    db.session.commit()
    [row] = _assignments()
    assert (row.user_id, row.source, row.active) == (holder.id, "recertification", True)
    assert row.due_at == published + timedelta(days=30)
    db.session.refresh(cert)
    assert cert.reassigned_at == published
    assert cert.head_key is not None and services.intact(cert)  # the certificate itself stays as issued
