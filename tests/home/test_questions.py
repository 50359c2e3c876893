"""The home page's one SELECT, built once per shape of the page and asked with each request's
people and moment (issue 22: building SQLAlchemy expressions cost more than running them).

What is checked is that keeping the statement changes nothing a person sees: each person's
cards come from their own rows whoever asked before them, and bounds counted from today
(DOMAIN.md's prescriptions rule, "runs out within 30 days") are counted from each request's
today, not the day the statement was built.
"""

from datetime import timedelta

from sqlalchemy import select

from portal import clock, db
from portal.prescriptions.models import Prescription
from tests.client import LIV, OLA, persona, text_of


def _home(app, number: str) -> str:
    """Return the text of a person's home page in English, in a browser of their own."""
    with app.test_client() as browser:
        browser.login_as(number, lang="en")
        return text_of(browser.get_page("/home"))


def test_people_of_one_shape_share_the_statement_and_each_gets_their_own_cards(app, client):
    kept = app.extensions.setdefault("home_questions", {})
    kept.clear()
    ola = _home(app, OLA)
    assert "Metformin runs out on" in ola and "Home care" in ola
    assert len(kept) == 1
    liv = _home(app, LIV)
    assert "runs out" not in liv and "Home care" not in liv
    assert len(kept) == 1  # Liv's page has Ola's shape: one person, her own data
    assert _home(app, OLA) == ola


def test_a_bound_from_today_is_counted_from_each_request_s_today(app, client, monkeypatch):
    """Rule (prescriptions): the card shows a prescription that runs out within 30 days."""
    metformin = db.session.scalar(select(Prescription).where(
        Prescription.person_id == persona(OLA).id, Prescription.medication == "Metformin",
        Prescription.renewed_by_id.is_(None)))
    assert metformin.dispensings_left  # so only its date makes it run out
    app.extensions.setdefault("home_questions", {}).clear()
    for days_before, shown in ((40, False), (10, True), (31, False), (30, True)):
        monkeypatch.setattr(clock, "today", lambda d=days_before: metformin.valid_to - timedelta(d))
        assert ("Metformin runs out on" in _home(app, OLA)) is shown, days_before
