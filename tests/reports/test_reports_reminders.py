"""Reminder e-mails go through a real SMTP server (aiosmtpd, started here) and never twice per event."""

import email
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import update

from elearn.core.clock import now
from elearn.employees.models import Assignment
from elearn.extensions import db
from elearn.reports.reminders import send_reminders


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox(app):
    box = Inbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="training@bank.example.cn")
    yield box
    controller.stop()


def subjects(box):
    return sorted(str(email.header.make_header(email.header.decode_header(m["Subject"]))) for m in box.messages)


def test_due_soon_overdue_and_expiring_each_sent_once(team, inbox, certify):
    wang, li, ouyang, zhao = team["people"]
    db.session.execute(update(Assignment).where(Assignment.user_id == li.id, Assignment.course_slug == "law")
                       .values(due_at=now() - timedelta(days=2)))
    db.session.execute(update(Assignment).where(Assignment.user_id == wang.id, Assignment.course_slug == "law")
                       .values(due_at=now() + timedelta(days=3)))
    certify(zhao, "law", expires_in_days=10)
    db.session.commit()
    counts = send_reminders(now())
    assert counts["failed"] == 0 and counts["sent"] == 3
    got = subjects(inbox)
    assert any(s.startswith("已逾期：合同与还款义务") for s in got)
    assert any(s.startswith("提醒：合同与还款义务") for s in got)
    assert any(s.startswith("您的《合同与还款义务》证书") for s in got)
    to = sorted(m["To"] for m in inbox.messages)
    assert to == sorted([wang.email, li.email, zhao.email])
    assert send_reminders(now()) == {"sent": 0, "no_email": 0, "failed": 0}
    assert len(inbox.messages) == 3


def test_a_new_due_date_is_a_new_event(team, inbox):
    wang = team["people"][0]
    row = db.session.query(Assignment).filter_by(user_id=wang.id, course_slug="law").one()
    row.due_at = now() - timedelta(days=1)
    db.session.commit()
    send_reminders(now())
    row.due_at = now() - timedelta(hours=1) + timedelta(days=-3)
    db.session.commit()
    send_reminders(now())
    assert len([m for m in inbox.messages if m["To"] == wang.email]) == 2


def test_smtp_down_means_retry_later_not_lost(team, app, inbox):
    wang = team["people"][0]
    row = db.session.query(Assignment).filter_by(user_id=wang.id, course_slug="law").one()
    row.due_at = now() - timedelta(days=1)
    db.session.commit()
    good_port = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = free_port()
    assert send_reminders(now())["failed"] == 1
    app.config["SMTP_PORT"] = good_port
    assert send_reminders(now())["sent"] == 1
