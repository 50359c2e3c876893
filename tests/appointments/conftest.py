"""Appointment tests: service tests run in a request context (Flask-Babel speaks English)."""

import pytest


@pytest.fixture
def speaking(app):
    """A request context in English, for services whose messages are translated."""
    with app.test_request_context("/?lang=en"):
        from flask import g

        g.lang = "en"
        yield
