"""Demo certificates for `flask demo seed`: a spread HR would see in a real card centre.

Runs after the courses, quizzes and scenarios demos. Every certificate of the past months is earned the
honest way: 17 people (round robin over the courses) who finished a course's lessons and passed its quiz
then pass each of the course's required call scenarios in assessment mode (one of the scenario's own
passing `tests:` paths, played through the scenarios services), and `issue_if_met` issues the certificate
at that moment. Dates follow the evidence: the calls come after the last lesson and the quiz attempt, the
certificate a few minutes after the last call. Of those:

- two are revoked later by HR with a reason;
- one is a renewal: that person's certificate from last year (below) had expired, so the rule renews it;
- `learner` (王小明) earns his one valid certificate the same way for the second course (the demo takes its
  quiz and calls for him, on that course only); `learner2` (欧阳娜娜) holds none.

The rest are certificates from about a year ago, put on record without the rule check and without evidence
(no score): the renewed one's predecessor, and expiring-soon and expired ones for people with no lesson
progress on that course now (earned, the story goes, before the current records).

Choices come from a stable hash of employee number and course and from lessons and quiz results (which the
demo does not change), so running it again changes nothing: a person who already holds a certificate for
a course is left alone.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from elearn.auth.models import User
from elearn.certificates import services
from elearn.certificates.models import Certificate
from elearn.certificates.rules import Facts
from elearn.extensions import db

EARNED = 17  # certificates earned on the full rule by people other than `learner` (two of them revoked)
EXPIRING_IN = (6, 13, 20, 27)  # days left, within the 30-day "expiring soon" window
EXPIRED_FOR = (15, 40, 75)  # days since expiry
RENEWED_AFTER = 380  # days before the renewal the old certificate was issued (it expired before the renewal)
GAP = timedelta(minutes=25)  # between the quiz (if the demo takes it) and each assessment call
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
        """All lessons done and the quiz passed (what the demo does not add; the scenarios may be missing)."""
        return bool(self.facts.lessons_complete) and (self.facts.quiz_passed or not self.info.rule.quiz)


def _hash(*parts: str) -> int:
    return int(hashlib.sha256(":".join(parts).encode()).hexdigest(), 16)


def _pairs(users: list[User], courses: list, learning: services.Learning) -> list[Pair]:
    pairs = []
    for course in courses:
        info = services.course_facts(course, course.slug)
        for user in users:
            pairs.append(Pair(user, course, info, services._gather(user, info, course, learning)))
    return pairs


def _attempt_time(attempt_id: int | None) -> datetime | None:
    """When the quiz attempt that counts was graded (read only), if known."""
    from elearn.quizzes.models import QuizAttempt

    attempt = db.session.get(QuizAttempt, attempt_id) if attempt_id else None
    return attempt and (attempt.graded_at or attempt.submitted_at)


def _lessons_time(pair: Pair) -> datetime | None:
    """When the person completed their last lesson of the course version (read only), if known."""
    from elearn.courses.services import last_completion

    return last_completion(pair.user.id, pair.info.version_id) if pair.info.version_id is not None else None


def _take_quiz(user: User, quiz_slug: str, when: datetime) -> None:
    """Sit the quiz through the quizzes services at `when`, answering every question right (for `learner`)."""
    from elearn.quizzes import services as quizzes
    from elearn.quizzes.grading import correct_response

    attempt = quizzes.start_attempt(user, quiz_slug, when, random.Random(_hash(user.employee_no, quiz_slug)))
    answers = {q.id: correct_response(q) for q in quizzes.questions_of(attempt) if q.graded}
    quizzes.submit_attempt(attempt, when + timedelta(minutes=14), answers)


def _pass_scenario(user: User, course_slug: str, slug: str, when: datetime) -> bool:
    from elearn.scenarios.demo import pass_assessment

    return pass_assessment(user, course_slug, slug, when)


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
    """One planned write: `kind` is earn, old (no progress, no rule check) or revoke; run in `when` order."""

    when: datetime
    kind: str
    pair: Pair
    reason: str = ""


class Planner:
    """Chooses who gets what from lessons and quiz results alone (so the plan is the same on every run)."""

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

    def issue_time(self, pair: Pair) -> datetime:
        """Up to two days after the last lesson and the quiz, leaving room for the calls before it."""
        known = [t for t in (_attempt_time(pair.facts.quiz_attempt_id), _lessons_time(pair)) if t is not None]
        start = max(known, default=self.now - timedelta(days=3))
        delay = timedelta(hours=_hash(pair.user.employee_no, pair.info.slug, "delay") % 48)
        steps = len(pair.info.rule.scenarios) + 1
        return min(start + delay + GAP * steps, self.now - timedelta(hours=1)).replace(microsecond=0)

    def earn(self, pairs: list[Pair]) -> None:
        """Lessons and quiz done: earn the rest and be issued; the first one hired in time renews last
        year's certificate, the last ones are revoked later."""
        pairs = [p for p in pairs if self.claim(p)]
        first_revoked = len(pairs) - len(REVOKED)
        renewing = True
        for index, pair in enumerate(pairs):
            when = self.issue_time(pair)
            if renewing and _hired_by(pair.user, when - timedelta(days=RENEWED_AFTER)):
                self.steps.append(Step(when - timedelta(days=RENEWED_AFTER), "old", pair))
                renewing = False
            self.steps.append(Step(when, "earn", pair))
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
        """`learner` earns one valid certificate, for the second course (its lessons done; the first is in
        progress)."""
        mine = [p for p in pairs if p.user.username == "learner"]
        if len(mine) > 1 and mine[1].facts.lessons_complete and self.claim(mine[1]):
            self.steps.append(Step(self.issue_time(mine[1]), "earn", mine[1]))


def _earn(pair: Pair, when: datetime) -> tuple[Certificate | None, int]:
    """Give the person, before `when`, the quiz (if not passed yet) and a passed assessment call of each
    required scenario, through the real services; then `issue_if_met` at `when`. Returns the certificate
    (None if the rule is still not met) and how many calls were passed."""
    rule = pair.info.rule
    if rule.quiz and not pair.facts.quiz_passed:
        _take_quiz(pair.user, rule.quiz, when - GAP * (len(rule.scenarios) + 1))
    calls = 0
    for index, slug in enumerate(rule.scenarios):
        calls += _pass_scenario(pair.user, pair.info.slug, slug, when - GAP * (len(rule.scenarios) - index))
    return services.issue_if_met(pair.user, pair.info.slug, when), calls


def _old(pair: Pair, when: datetime) -> Certificate | None:
    """A certificate from before the current records: on record without the rule check and without
    evidence (no score, no attempt), through the sealed insert (demo only)."""
    snapshot = services._snapshot(pair.info, Facts(), when)
    return services._create(pair.user, snapshot, when, replaces=None, actor=None, action="certificate.issued")


def _apply(steps: list[Step], hr: User | None) -> dict[str, int]:
    """Run the steps in time order (so serials follow issue dates), skipping people who already held a
    certificate for the course before this run."""
    held = {(s.pair.user.id, s.pair.info.slug) for s in steps}
    held = {key for key in held if services.head_certificate(*key) is not None}
    counts = dict.fromkeys(("earn", "old", "revoke", "renewed", "calls"), 0)
    for step in sorted(steps, key=lambda s: s.when):
        pair = step.pair
        if (pair.user.id, pair.info.slug) in held:
            continue
        if step.kind == "revoke":
            head = services.head_certificate(pair.user.id, pair.info.slug)
            if head is None or head.revoked_at is not None:
                continue
            services.revoke(head, hr, step.reason, step.when)
        elif step.kind == "earn":
            cert, calls = _earn(pair, step.when)
            counts["calls"] += calls
            counts["earn"] += cert is not None
            counts["renewed"] += cert is not None and cert.replaces_id is not None
            continue
        else:
            _old(pair, step.when)
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
    plan = Planner(now)
    plan.earn(_round_robin([p for p in others if p.evidence], EARNED))
    idle = [p for p in others if not p.facts.lessons_complete and not p.facts.lessons_done]
    plan.last_year(idle, [365 - d for d in EXPIRING_IN] + [365 + d for d in EXPIRED_FOR])
    plan.learner(pairs)
    hr = db.session.scalars(select(User).where(User.username == "hr")).first()
    c = _apply(plan.steps, hr)
    db.session.flush()
    return (
        f"{c['earn'] + c['old']} certificates issued: {c['earn']} earned on the full rule after "
        f"{c['calls']} passed assessment calls ({c['renewed']} renewed, {c['revoke']} revoked), "
        f"{c['old']} from about a year ago without current progress"
    )
