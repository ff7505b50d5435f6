"""Reminder e-mails: due soon, overdue, certificate expiring. Each event is mailed at most once.

An event is (kind, employee, course, the due or expiry date). Before mailing, its key is
committed to ``reminders_sent`` (unique): a second run, or a second host running the same cron,
cannot claim it again. If the SMTP server refuses the message the claim is removed, so the next
run retries. This module owns its transactions because it runs as a command, not in a request.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from elearn.auth.models import User
from elearn.core.i18n import localized
from elearn.employees.models import Assignment
from elearn.extensions import db
from elearn.reports.models import ReminderSent
from elearn.reports.queries import course_titles, facts_for
from elearn.reports.status import N_, status_of

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    kind: str  # due_soon | overdue | expiring
    user_id: int
    course_slug: str
    when: datetime

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.user_id}:{self.course_slug}:{self.when:%Y-%m-%d}"


def due_reminders(now: datetime, expiring_days: int = 30) -> list[Reminder]:
    """Every reminder the current state calls for (sent or not), from five queries."""
    ids = select(Assignment.user_id).where(Assignment.active).scalar_subquery()
    slugs = list(db.session.scalars(select(Assignment.course_slug).where(Assignment.active).distinct()))
    facts, _ = facts_for(ids, slugs)
    out = []
    for (uid, slug), fact in facts.items():
        status = status_of(fact, now, expiring_days)
        if status == "overdue":
            out.append(Reminder("overdue", uid, slug, fact.due_at))
        elif status == "expiring":
            out.append(Reminder("expiring", uid, slug, fact.cert_expires_at))
        elif status in ("not_started", "in_progress") and fact.due_at and fact.due_at - now <= timedelta(
                days=DUE_SOON_DAYS):
            out.append(Reminder("due_soon", uid, slug, fact.due_at))
    return sorted(out, key=lambda r: (r.user_id, r.course_slug, r.kind))


def send_reminders(now: datetime) -> dict[str, int]:
    """Mail every reminder not sent before; returns counts (sent, skipped_no_email, failed)."""
    candidates = due_reminders(now)
    sent_keys = set(db.session.scalars(select(ReminderSent.event_key).where(
        ReminderSent.event_key.in_([r.key for r in candidates])))) if candidates else set()
    todo = [r for r in candidates if r.key not in sent_keys]
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_({r.user_id for r in todo})))}
    titles = course_titles({r.course_slug for r in todo})
    counts = {"sent": 0, "no_email": 0, "failed": 0}
    for reminder in todo:
        user = users[reminder.user_id]
        if not user.email or not user.active:
            counts["no_email"] += 1
            continue
        if not _claim(reminder, now):
            continue
        try:
            _send(_message(user, reminder, titles.get(reminder.course_slug, {})))
        except (OSError, smtplib.SMTPException) as exc:
            current_app.logger.warning("reminder %s not sent: %s", reminder.key, exc)
            db.session.execute(delete(ReminderSent).where(ReminderSent.event_key == reminder.key))
            db.session.commit()
            counts["failed"] += 1
        else:
            counts["sent"] += 1
    return counts


def _claim(reminder: Reminder, now: datetime) -> bool:
    db.session.add(ReminderSent(event_key=reminder.key, user_id=reminder.user_id, kind=reminder.kind,
                                course_slug=reminder.course_slug, sent_at=now))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another run claimed it first
        return False
    return True


SUBJECTS = {
    "due_soon": N_("Reminder: %(course)s is due on %(date)s"),
    "overdue": N_("Overdue: %(course)s was due on %(date)s"),
    "expiring": N_("Your certificate for %(course)s expires on %(date)s"),
}
BODIES = {
    "due_soon": N_("Please complete the course %(course)s by %(date)s."),
    "overdue": N_("The course %(course)s was due on %(date)s. Please complete it as soon as possible."),
    "expiring": N_("Your certificate for %(course)s expires on %(date)s. The course has been re-opened for you."),
}


def _message(user: User, reminder: Reminder, title: dict) -> EmailMessage:
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        course = localized(title, "en" if locale.startswith("en") else "zh") or reminder.course_slug
        values = {"course": course, "date": reminder.when.strftime("%Y-%m-%d")}
        subject = gettext(SUBJECTS[reminder.kind], **values)
        body = gettext(BODIES[reminder.kind], **values)
        greeting = gettext("Hello %(name)s,", name=user.display_name)
        link = current_app.config["BASE_URL"].rstrip("/") + "/"
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = current_app.config.get("MAIL_FROM") or "elearn@localhost"
    msg["To"] = user.email
    msg.set_content(f"{greeting}\n\n{body}\n\n{link}\n")
    return msg


def _send(msg: EmailMessage) -> None:
    host = current_app.config.get("SMTP_HOST") or "localhost"
    port = int(current_app.config.get("SMTP_PORT") or 25)
    with smtplib.SMTP(host, port, timeout=15) as smtp:
        smtp.send_message(msg)
