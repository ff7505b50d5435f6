"""Demo certificates for `flask demo seed`: a spread HR would see in a real card centre.

Runs after the courses, quizzes and scenarios demos. Whoever the demo progress brings to a course's full
rule gets the certificate the honest way (`issue_if_met`). That is rare (the scenarios demo plays mixed
paths), so about 25 more are put on record from the progress there is:

- valid ones for people who finished a course's lessons and passed its quiz (the score and attempt are
  theirs, issued shortly after that attempt), two of them revoked later by HR with a reason;
- one renewal: an expired certificate from last year replaced by a new one (honestly, when someone meets
  the rule; else from their recent lessons and quiz);
- expiring and expired ones from about a year ago for people with no progress on that course (earned,
  the story goes, before the current records), and one valid certificate for the demo account `learner`
  (王小明); `learner2` (欧阳娜娜) holds none.

Choices come from a stable hash of employee number and course, so running it again changes nothing: a
person who already holds a certificate for a course is left alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from elearn.auth.models import User
from elearn.certificates import services
from elearn.certificates.models import Certificate
from elearn.certificates.rules import Facts, evaluate
from elearn.extensions import db

ON_RECORD = 16  # valid certificates from lessons + quiz (two of them revoked)
EXPIRING_IN = (6, 13, 20, 27)  # days left, within the 30-day "expiring soon" window
EXPIRED_FOR = (15, 40, 75)  # days since expiry
RENEWED_AFTER = 380  # days ago the renewed certificate was issued (it expired before the renewal)
REVOKED = (
    ("录音质检发现夜间22点后致电债务人，违反作息时间要求；撤销证书并安排重新培训。", 9),
    ("复核发现测验期间与他人共同作答，成绩无效；撤销证书，须重新参加测验。", 4),
)
SKIP = ("learner", "learner2")


@dataclass
class Pair:
    """One person and one course, with what the demo progress says about them."""

    user: User
    course: object
    info: services.CourseFacts
    facts: Facts

    @property
    def key(self) -> int:
        return _hash(self.user.employee_no, self.info.slug)

    @property
    def evidence(self) -> bool:
        """All lessons done and the quiz passed (the scenarios may be missing)."""
        return bool(self.facts.lessons_complete) and (self.facts.quiz_passed or not self.info.rule.quiz)

    @property
    def met(self) -> bool:
        return evaluate(self.info.rule, self.facts).met


def _hash(*parts: str) -> int:
    return int(hashlib.sha256(":".join(parts).encode()).hexdigest(), 16)


def _pairs(users: list[User], courses: list, learning: services.Learning) -> list[Pair]:
    pairs = []
    for course in courses:
        info = services.course_facts(course, course.slug)
        for user in users:
            pairs.append(Pair(user, course, info, services._gather(user, info, course, learning)))
    return pairs


def _attempt_time(attempt_id: int | None, now: datetime) -> datetime:
    """When the quiz attempt that earned it was graded (read only), else two days ago."""
    try:
        from elearn.quizzes.models import QuizAttempt
    except ImportError:
        return now - timedelta(days=2)
    attempt = db.session.get(QuizAttempt, attempt_id) if attempt_id else None
    when = attempt and (attempt.graded_at or attempt.submitted_at)
    return when or now - timedelta(days=2)


def _record(pair: Pair, when: datetime, replaces=None, evidence: bool = True) -> Certificate | None:
    """Put a certificate on record without the rule check (demo only), through the sealed insert."""
    facts = pair.facts if evidence else Facts()
    snapshot = services._snapshot(pair.info, facts, when)
    return services._create(pair.user, snapshot, when, replaces=replaces, actor=None, action="certificate.issued")


def _hired_by(user: User, when: datetime) -> bool:
    return user.hire_date is None or user.hire_date <= when.date()


def _round_robin(pairs: list[Pair], count: int) -> list[Pair]:
    """Up to `count` pairs, alternating between courses, each course's in hash order."""
    by_course: dict[str, list[Pair]] = {}
    for pair in sorted(pairs, key=lambda p: p.key):
        by_course.setdefault(pair.info.slug, []).append(pair)
    queues = [by_course[slug] for slug in sorted(by_course)]
    picked: list[Pair] = []
    while len(picked) < count and any(queues):
        for queue in queues:
            if queue and len(picked) < count:
                picked.append(queue.pop(0))
    return picked


@dataclass(frozen=True)
class Step:
    """One planned write: `kind` is honest, record, old (no progress) or revoke; run in `when` order."""

    when: datetime
    kind: str
    pair: Pair
    reason: str = ""


class Planner:
    """Chooses who gets what from the progress alone (so the plan is the same on every run)."""

    def __init__(self, now: datetime):
        self.now = now
        self.steps: list[Step] = []
        self.used: set[tuple[int, str]] = set()

    def claim(self, pair: Pair) -> bool:
        key = (pair.user.id, pair.info.slug)
        if key in self.used:
            return False
        self.used.add(key)
        return True

    def honest(self, pairs: list[Pair]) -> None:
        """The full rule met: `issue_if_met` a day ago; the first one renews last year's certificate."""
        for index, pair in enumerate(p for p in pairs if self.claim(p)):
            last_year = self.now - timedelta(days=RENEWED_AFTER)
            if index == 0 and _hired_by(pair.user, last_year):
                self.steps.append(Step(last_year, "old", pair))
            self.steps.append(Step(self.now - timedelta(days=1), "honest", pair))

    def on_record(self, pairs: list[Pair], renew_one: bool) -> None:
        """Lessons and quiz done: issued two hours after the quiz attempt; the last ones revoked later."""
        pairs = [p for p in pairs if self.claim(p)]
        first_revoked = len(pairs) - len(REVOKED)
        for index, pair in enumerate(pairs):
            when = _attempt_time(pair.facts.quiz_attempt_id, self.now) + timedelta(hours=2)
            if renew_one and index == 0:
                self.steps.append(Step(when - timedelta(days=RENEWED_AFTER), "old", pair))
            self.steps.append(Step(when, "record", pair))
            if index >= first_revoked:
                reason, days = REVOKED[index - first_revoked]
                self.steps.append(Step(min(self.now, when + timedelta(days=days)), "revoke", pair, reason))

    def last_year(self, pairs: list[Pair], ages: list[int]) -> None:
        """Certificates earned about a year ago (`ages` days) by people with no progress on the course now."""
        candidates = iter(sorted(pairs, key=lambda p: p.key))
        for age in ages:
            when = self.now - timedelta(days=age, hours=_hash(str(age)) % 9)
            pair = next((p for p in candidates if _hired_by(p.user, when) and self.claim(p)), None)
            if pair is not None:
                self.steps.append(Step(when, "old", pair))

    def learner(self, pairs: list[Pair]) -> None:
        """`learner` holds one valid certificate, for the second course (the first is in progress)."""
        mine = [p for p in pairs if p.user.username == "learner"]
        if len(mine) > 1 and self.claim(mine[1]):
            when = self.now - timedelta(days=30)
            if mine[1].user.hire_date is not None:
                when = max(when, datetime.combine(mine[1].user.hire_date, datetime.min.time()))
            self.steps.append(Step(when + timedelta(hours=10), "old", mine[1]))


def _apply(steps: list[Step], hr: User | None) -> dict[str, int]:
    """Run the steps in time order (so serials follow issue dates), skipping people who already held a
    certificate for the course before this run."""
    held = {(s.pair.user.id, s.pair.info.slug) for s in steps}
    held = {key for key in held if services.head_certificate(*key) is not None}
    counts = dict.fromkeys(("honest", "record", "old", "revoke", "renewed"), 0)
    for step in sorted(steps, key=lambda s: s.when):
        pair = step.pair
        if (pair.user.id, pair.info.slug) in held:
            continue
        head = services.head_certificate(pair.user.id, pair.info.slug)
        if step.kind == "revoke":
            services.revoke(head, hr, step.reason, step.when)
        elif step.kind == "honest":
            done = services.issue_if_met(pair.user, pair.info.slug, step.when)
            counts["renewed"] += done is not None and head is not None
        else:
            evidence = step.kind == "record"
            _record(pair, step.when, replaces=head, evidence=evidence)
            counts["renewed"] += head is not None
        counts[step.kind] += 1
    return counts


def seed(now: datetime) -> str:
    """Issue the demo certificates; returns a summary line (counts of this run)."""
    learning = services.real_learning()
    if learning is None:
        return "no courses installed"
    from elearn.courses.services import current_courses

    learners = select(User).where(User.active, User.role == "learner").order_by(User.employee_no)
    pairs = _pairs(list(db.session.scalars(learners)), current_courses(), learning)
    others = [p for p in pairs if p.user.username not in SKIP]
    honest = sorted((p for p in others if p.met), key=lambda p: p.key)
    plan = Planner(now)
    plan.honest(honest)
    plan.on_record(_round_robin([p for p in others if p.evidence and not p.met], ON_RECORD), not honest)
    idle = [p for p in others if not p.facts.lessons_complete and not p.facts.lessons_done]
    plan.last_year(idle, [365 - d for d in EXPIRING_IN] + [365 + d for d in EXPIRED_FOR])
    plan.learner(pairs)
    hr = db.session.scalars(select(User).where(User.username == "hr")).first()
    c = _apply(plan.steps, hr)
    db.session.flush()
    return (
        f"{c['honest'] + c['record'] + c['old']} certificates issued: {c['honest']} on the full rule, "
        f"{c['record']} on lessons and quiz only, {c['old']} without progress ({c['renewed']} renewed, "
        f"{c['revoke']} revoked)"
    )
