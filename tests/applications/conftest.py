"""Builders for application tests: complete answers, and applications at any step of a case."""

from datetime import UTC, datetime

import pytest
from flask import has_request_context
from sqlalchemy import select

from portal import db
from portal.applications import casework, services
from portal.applications.areas import APPLICATIONS
from portal.applications.decisions import Terms
from portal.journal.models import Person
from tests import factories as make
from tests.client import PER


def person(number: str) -> Person:
    """Return a persona by national identity number."""
    return db.session.scalar(select(Person).where(Person.national_id == number))


def answers(*, services_=("home_nursing",), relationship: str | None = None) -> dict:
    """Return a complete set of answers, step by step, as the form stores them."""
    applicant = {"phone": "912 34 567", "email": "", "contact_by": "sms", "interpreter": "no",
                 "interpreter_language": ""}
    if relationship:
        applicant["relationship"] = relationship
    return {
        "applicant": applicant,
        "next_of_kin": {"has_next_of_kin": "no", "name": "", "relation": "", "phone": ""},
        "gp": {"office": "Ørland legekontor", "doctor": ""},
        "services": {"services": list(services_), "start": ""},
        "need": {"need": "Trenger hjelp med medisiner og sårstell etter operasjonen.",
                 "current_help": ""},
        "consents": {"consent_gp": True, "consent_hospital": False,
                     "consent_next_of_kin": False, "declaration": True},
    }


@pytest.fixture
def request_ctx(app, db_session):
    """A request context, for services that speak (Flask-Babel) and validate (WTForms)."""
    with app.test_request_context("/?lang=en"):
        yield


@pytest.fixture
def build(app, db_session):
    """Return a builder: build(subject, by, upto="received", at=...) gives a case at that step.

    The services only flush; the builder commits what it built, as the pages do at the end
    of a request, so that a test client's request and a rollback in a service both find it.
    """

    def _build(subject, by=None, *, upto: str = "submitted", at: datetime | None = None,
               services_=("home_nursing",)):
        if has_request_context():
            return _steps(subject, by, upto=upto, at=at, services_=services_)
        with app.test_request_context("/?lang=en"):
            return _steps(subject, by, upto=upto, at=at, services_=services_)

    def _steps(subject, by, *, upto, at, services_):
        by = by or subject
        at = at or datetime.now(UTC)
        officer = person(PER)
        draft = services.start_draft(make.scope(by, subject, APPLICATIONS), by, now=at)
        relation = None if by.id == subject.id else "Datter"
        for step, stored in answers(services_=services_, relationship=relation).items():
            services.save_step(draft, step, stored)
        behalf = ({"basis": "self", "by": by.name} if by.id == subject.id
                  else {"basis": "power", "level": "full", "by": by.name})
        if upto == "draft":
            db.session.commit()
            return draft
        services.submit(draft, actor=by, on_behalf=behalf, now=at)
        steps = ["received", "assessed", "decided"]
        for step in steps[:steps.index(upto) + 1] if upto in steps else []:
            if step == "received":
                casework.receive(draft, officer=officer, now=at)
            elif step == "assessed":
                casework.assess(draft, officer=officer, visit_at=None, notes="Hjemmebesøk gjort.",
                                now=at)
            else:
                casework.decide(draft, officer=officer, parts=[
                    Terms(code, "refused") for code in draft.services],
                    reasons="Behovet dekkes av dagens tjenester.", now=at)
        db.session.commit()
        return draft

    return _build
