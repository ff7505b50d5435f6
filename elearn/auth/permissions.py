"""Who may do what. Plain functions, so services and templates share them."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user


def role_required(*roles: str):
    """View decorator: signed in and holding one of `roles` (admin holds every role)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from elearn.extensions import login_manager

                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def can_author(user) -> bool:
    """Trainers and admins write and publish content."""
    return bool(user and user.is_authenticated and user.has_role("trainer"))


def can_manage_people(user) -> bool:
    """HR and admins manage employees, assignments, certificates and reports."""
    return bool(user and user.is_authenticated and user.has_role("hr"))


def can_view_person(actor, person) -> bool:
    """A learner sees only themselves; HR and admin see anyone."""
    if not (actor and actor.is_authenticated):
        return False
    return actor.id == person.id or actor.has_role("hr")


def can_view_learning_record(actor, person) -> bool:
    """Trainers also read learners' attempts and call transcripts, to coach them."""
    return can_view_person(actor, person) or can_author(actor)
