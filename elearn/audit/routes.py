"""Audit log pages (viewer for admin and HR)."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit", template_folder="templates")
