"""Asking a person to log in again at a higher assurance level (step-up)."""

from flask import abort, redirect, request, url_for


def step_up():
    """Stop the request and send the person to log in at the high level, then back here."""
    abort(redirect(url_for("auth.login", next=request.full_path.rstrip("?"), level="high")))
