"""Audit log pages (viewer for admin and HR)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from elearn.audit.views import register_views
from elearn.main.registry import nav_item

bp = Blueprint("audit", __name__, url_prefix="/audit", template_folder="templates")
register_views(bp)
nav_item("audit.log", _l("Audit log"), roles=("hr",), order=90, icon="shield-lock")
