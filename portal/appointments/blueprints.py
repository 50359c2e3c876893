"""The feature's two blueprints, apart from their routes, so each page module can add its own."""

from flask import Blueprint

bp = Blueprint("appointments", __name__, url_prefix="/appointments")
staff_bp = Blueprint("staff_appointments", __name__, url_prefix="/staff/appointments")
