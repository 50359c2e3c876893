"""Acting for others in the browser's words (issue 3; DOMAIN.md, "Representation")."""

import pytest
from sqlalchemy import select

from portal.audit import AccessLogEntry
from portal.auth.models import LoginSession
from portal.journal.models import Person
from portal.representation.models import PowerOfAttorney, YouthShare
from tests.client import EMMA, INGRID, JONAS, KARI, LIV, OLA, SARA, text_of


def person_id(session, number: str) -> int:
    return session.scalar(select(Person.id).where(Person.national_id == number))


def acting_names(client) -> list[str]:
    page = client.get_page("/representation/?lang=en")
    return [b.get_text(strip=True) for b in page.select("form[action='/representation/act'] button")]


def test_kari_may_act_for_emma_and_jonas_but_not_sara(client):
    """Rule: 0-11 and 12-15 with parental responsibility at the address; not from 16."""
    client.login_as(KARI)
    assert acting_names(client) == ["Act for Emma Nordmann", "Act for Jonas Nordmann"]


def test_ingrid_may_act_for_ola(client):
    client.login_as(INGRID)
    assert acting_names(client) == ["Act for Ola Hansen"]


def test_liv_acts_for_no_one_and_is_told_how_it_works(client):
    client.login_as(LIV)
    page = client.get_page("/representation/?lang=en")
    assert acting_names(client) == []
    assert "You cannot act for anyone right now." in text_of(page)


def test_choosing_emma_shows_a_banner_on_every_page_with_one_click_back(client, db_session):
    """Rule: every page while acting names the person; switching back is one click."""
    client.login_as(KARI)
    assert client.act_for(EMMA).location == "/home"
    for url in ("/home?lang=en", "/representation/?lang=en", "/accessibility?lang=en"):
        banner = client.get_page(url).select_one(".acting-banner")
        assert "You are acting for Emma Nordmann" in text_of(banner), url
        assert banner.find("button", string=lambda s: s and "Back to yourself" in s)
    client.post_form("/representation/self", {}, from_page="/home")
    assert client.get_page("/home").select_one(".acting-banner") is None


def test_the_subject_is_kept_on_the_server_not_in_the_url(client, db_session):
    client.login_as(KARI)
    client.act_for(EMMA)
    row = db_session.scalar(select(LoginSession).order_by(LoginSession.created_at.desc()))
    assert row.subject_id == person_id(db_session, EMMA)
    # A URL parameter cannot choose someone else.
    page = client.get_page(f"/home?subject={person_id(db_session, SARA)}&lang=en")
    assert "Emma Nordmann" in text_of(page.select_one(".acting-banner"))


@pytest.mark.parametrize("number", [SARA, OLA, LIV, KARI + "x"])
def test_acting_for_someone_not_allowed_is_refused_and_nothing_changes(client, db_session, number):
    client.login_as(KARI)
    target = person_id(db_session, number) if number.isdigit() else "not-a-number"
    response = client.post_form("/representation/act?lang=en", {"person_id": target},
                                from_page="/representation/", status=403)
    assert "You cannot act for this person." in response.get_data(as_text=True)
    row = db_session.scalar(select(LoginSession).order_by(LoginSession.created_at.desc()))
    assert row.subject_id is None


def test_an_unknown_person_id_gets_the_same_answer(client):
    client.login_as(KARI)
    response = client.post_form("/representation/act?lang=en", {"person_id": 999999},
                                from_page="/representation/", status=403)
    assert "You cannot act for this person." in response.get_data(as_text=True)


def test_revoking_a_power_ends_acting_at_once(client, db_session):
    from datetime import UTC, datetime

    client.login_as(INGRID)
    client.act_for(OLA)
    power = db_session.scalar(select(PowerOfAttorney))
    power.revoked_at = datetime.now(UTC)
    db_session.commit()
    page = client.get_page("/home?lang=en")
    assert page.select_one(".acting-banner") is None
    assert "You can no longer act for Ola Hansen" in text_of(page)


def grant(client, national_id, surname, level="read", status=302):
    return client.post_form("/representation/powers/new?lang=en",
                            {"national_id": national_id, "family_name": surname, "level": level},
                            status=status)


def test_grant_change_and_revoke_a_power_of_attorney(client, db_session):
    client.login_as(LIV)
    grant(client, INGRID, "Hansen", "standard")
    power = db_session.scalar(select(PowerOfAttorney).where(
        PowerOfAttorney.grantor_id == person_id(db_session, LIV)))
    assert (power.grantee_id, power.level) == (person_id(db_session, INGRID), "standard")
    power_id = power.id
    client.post_form(f"/representation/powers/{power_id}/level",
                     {f"power-{power_id}-level": "communicate"}, from_page="/representation/")
    assert db_session.get(PowerOfAttorney, power_id).level == "communicate"
    client.post_form(f"/representation/powers/{power_id}/revoke", {}, from_page="/representation/")
    assert db_session.get(PowerOfAttorney, power_id).revoked_at is not None


def test_the_receiver_sees_what_they_hold(client):
    client.login_as(INGRID)
    assert "From Ola Hansen: Full" in text_of(client.get_page("/representation/?lang=en"))


@pytest.mark.parametrize(
    ("number", "surname", "message"),
    [
        ("08828500058", "Hansen", "check digits do not match"),
        (INGRID, "Hanson", "We found no one with this national identity number and surname"),
        ("01017000027", "Hansen", "We found no one with this national identity number and surname"),
        (LIV, "Berg", "You cannot give a power of attorney to yourself."),
        (EMMA, "Nordmann", "Emma Nordmann is under 18"),
    ],
)
def test_bad_grants_get_clear_messages_and_change_nothing(client, db_session, number, surname,
                                                           message):
    client.login_as(LIV)
    before = db_session.scalars(select(PowerOfAttorney.id)).all()
    response = grant(client, number, surname, status=400)
    assert message in response.get_data(as_text=True)
    assert db_session.scalars(select(PowerOfAttorney.id)).all() == before


def test_a_duplicate_power_is_refused(client):
    client.login_as(OLA)
    response = grant(client, INGRID, "Hansen", status=400)
    assert "Ingrid Hansen already holds a power of attorney from you" in response.get_data(as_text=True)


def test_under_16_cannot_give_a_power(client):
    client.login_as(JONAS)
    page = client.get_page("/representation/?lang=en")
    assert page.find("a", href="/representation/powers/new") is None
    assert "You must be 16 or older" in grant(client, INGRID, "Hansen", status=400).get_data(as_text=True)


def test_someone_elses_power_cannot_be_changed_or_revoked(client, db_session):
    power_id = db_session.scalar(select(PowerOfAttorney.id))  # Ola's, to Ingrid
    client.login_as(KARI)
    response = client.post_form(f"/representation/powers/{power_id}/revoke?lang=en", {},
                                from_page="/representation/", status=400)
    assert "We could not find that power of attorney." in response.get_data(as_text=True)
    assert db_session.get(PowerOfAttorney, power_id).revoked_at is None


def test_jonas_shares_results_with_kari_and_takes_it_back(client, db_session):
    kari = person_id(db_session, KARI)
    client.login_as(JONAS)
    page = client.get_page("/representation/sharing?lang=en")
    assert "Share with Kari Nordmann" in text_of(page)
    client.post_form("/representation/sharing", {"parent_id": kari,
                                                 f"parent-{kari}-categories": "results"})
    shares = db_session.scalars(select(YouthShare).where(YouthShare.revoked_at.is_(None))).all()
    assert [(s.category, s.parent_id) for s in shares] == [("results", kari)]
    client.post_form("/representation/sharing", {"parent_id": kari})
    assert db_session.scalars(select(YouthShare).where(YouthShare.revoked_at.is_(None))).all() == []


def test_sharing_with_someone_who_is_not_a_parent_is_refused(client, db_session):
    client.login_as(JONAS)
    ola = person_id(db_session, OLA)
    response = client.post_form("/representation/sharing?lang=en",
                                {"parent_id": ola, f"parent-{ola}-categories": "medications"},
                                status=400)
    assert "only share with a parent" in response.get_data(as_text=True)
    assert db_session.scalars(select(YouthShare)).all() == []


def test_jonas_sees_what_his_mother_sees_and_it_changes_when_he_shares(client, db_session):
    """Issue 13, item 3: the young person's page shows, through the same decision, exactly what
    a parent acting for them sees, with the share choices beside it."""
    kari = person_id(db_session, KARI)
    client.login_as(JONAS)
    box = client.get_page("/representation/sharing?lang=en").find(
        "section", attrs={"aria-labelledby": f"seen-{kari}"})
    lines = [text_of(li) for li in box.select(".parent-view li")]
    assert "Appointments: 1 entry" in lines  # the GP visit his mother booked, not his own
    assert "Vaccinations: 12 entries" in lines
    assert not any(line.startswith("Test results") for line in lines)
    assert box.find("form")  # the share choices, beside it
    client.post_form("/representation/sharing", {"parent_id": kari,
                                                 f"parent-{kari}-categories": "results"})
    box = client.get_page("/representation/sharing?lang=en").find(
        "section", attrs={"aria-labelledby": f"seen-{kari}"})
    assert "Test results: 1 entry" in [text_of(li) for li in box.select(".parent-view li")]
    assert db_session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == person_id(db_session, JONAS))).all() == []
