"""Translated labels for the scenario vocabulary (outcomes, skills, severities, who answers)."""

from flask_babel import lazy_gettext as _l

OUTCOME_LABELS = {
    "payment_promised": _l("Payment promised"),
    "plan_agreed": _l("Plan agreed"),
    "callback": _l("Callback arranged"),
    "dispute_logged": _l("Dispute logged"),
    "complaint": _l("Complaint"),
    "escalation": _l("Escalated"),
    "hang_up": _l("Hung up"),
}
SKILL_LABELS = {
    "compliance": _l("Compliance"),
    "accuracy": _l("Accuracy"),
    "empathy": _l("Empathy"),
    "negotiation": _l("Negotiation"),
    "call_control": _l("Call control"),
}
SEVERITY_LABELS = {"critical": _l("Critical"), "major": _l("Major"), "minor": _l("Minor")}
SEVERITY_COLOURS = {"critical": "danger", "major": "warning", "minor": "secondary"}
ANSWERER_LABELS = {
    "debtor": _l("The cardholder"),
    "relative": _l("A relative"),
    "employer": _l("The employer"),
    "colleague": _l("A colleague"),
}
MODE_LABELS = {"practice": _l("Practice"), "assessment": _l("Assessment")}


def labels() -> dict:
    """Template globals for scenario pages."""
    return {
        "outcome_labels": OUTCOME_LABELS,
        "skill_labels": SKILL_LABELS,
        "severity_labels": SEVERITY_LABELS,
        "severity_colours": SEVERITY_COLOURS,
        "answerer_labels": ANSWERER_LABELS,
        "mode_labels": MODE_LABELS,
    }
