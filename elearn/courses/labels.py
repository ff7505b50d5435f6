"""Display labels for course categories and statuses (translated at render time)."""

from flask_babel import lazy_gettext as _l

CATEGORY_LABELS = {
    "contract": _l("Contract and repayment"),
    "consumer-rights": _l("Consumer rights"),
    "privacy": _l("Privacy and personal information"),
    "conduct": _l("Compliant conduct"),
    "negotiation": _l("Communication and negotiation"),
}
STATUS_LABELS = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "overdue": _l("Overdue"),
}


def category_label(category: str):
    """The translated label of a category (extra categories from config show as written)."""
    return CATEGORY_LABELS.get(category, category)


def course_status(progress, assignment=None, moment=None) -> str:
    """not_started | in_progress | completed | overdue, for the status badge."""
    if progress.completed:
        return "completed"
    if assignment is not None and assignment.due_at and moment and assignment.due_at < moment:
        return "overdue"
    return "in_progress" if progress.started else "not_started"
