"""Who decides an appeal, and by when (issue 15, item 6).

DOMAIN.md, "Applications for municipal services": an appeal is sent to the county governor of
the municipality's county (Statsforvalteren i Trøndelag, i Møre og Romsdal, ...), within 4
weeks (pbrl § 7-5); services a municipality treats as non-statutory go to the municipal
appeals board within 3 weeks (fvl §§ 28-29); an appeal upheld in part sends the rest on.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from portal import db
from portal.applications import appeals, casework, services
from portal.applications.decisions import Terms
from portal.applications.models import CaseEvent
from portal.clock import OSLO
from portal.journal.models import Organization
from tests.applications.conftest import person
from tests.client import LIV, PER, text_of

pytestmark = pytest.mark.usefixtures("request_ctx")
THURSDAY = datetime(2026, 4, 16, 12, 0, tzinfo=OSLO).astimezone(UTC)


def municipality(number: str | None, name: str = "Kommune", non_statutory=()) -> Organization:
    return Organization(code="x", name=name, kind="municipality", municipality_number=number,
                        non_statutory_services=list(non_statutory))


@pytest.mark.parametrize(("number", "governor"), [
    ("1508", "Statsforvalteren i Møre og Romsdal"),   # Ålesund
    ("1506", "Statsforvalteren i Møre og Romsdal"),   # Molde
    ("1505", "Statsforvalteren i Møre og Romsdal"),   # Kristiansund
    ("1579", "Statsforvalteren i Møre og Romsdal"),   # Hustadvika
    ("5001", "Statsforvalteren i Trøndelag"),         # Trondheim
    ("5057", "Statsforvalteren i Trøndelag"),         # Ørland
    ("0301", "Statsforvalteren i Oslo og Viken"),     # Oslo
    ("5601", "Statsforvalteren i Troms og Finnmark"),  # Alta
    ("9999", "the county governor (Statsforvalteren)"),  # unknown: no county is guessed
    (None, "the county governor (Statsforvalteren)"),
])
def test_the_county_governor_follows_the_municipality_numbers_county(number, governor):
    """DOMAIN.md: the county governor of the municipality's county (the number's county part)."""
    body = appeals.body_for(municipality(number), "home_nursing")
    assert (body.name, body.weeks, body.board) == (governor, 4, False)


def test_a_non_statutory_service_goes_to_the_municipal_appeals_board_in_three_weeks():
    """DOMAIN.md: services a municipality treats as non-statutory; fvl §§ 28-29, 3 weeks."""
    molde = municipality("1506", "Molde kommune", non_statutory=("meal_delivery",))
    board = appeals.body_for(molde, "meal_delivery")
    assert (board.name, board.weeks, board.board) == (
        "the appeals board of Molde kommune (kommunal klagenemnd)", 3, True)
    assert appeals.body_for(molde, "safety_alarm").name == "Statsforvalteren i Møre og Romsdal"


def test_a_decision_on_two_kinds_of_service_has_a_deadline_and_a_body_for_each(build):
    """Ørland treats the safety alarm as non-statutory: its appeal goes to the board within
    3 weeks; home nursing goes to Statsforvalteren i Trøndelag within 4, from the day the
    decision reached the person, past Ascension Day (fvl § 30, domstolloven § 149)."""
    application = build(person(LIV), upto="decided", at=THURSDAY,
                        services_=("home_nursing", "safety_alarm"))
    with time_machine.travel(datetime(2026, 5, 14, 23, 0, tzinfo=OSLO), tick=False):
        window = services.appeal_window(application, db.utcnow())
    assert [(r.body.name, r.services, r.last_day) for r in window["routes"]] == [
        ("Statsforvalteren i Trøndelag", ("home_nursing",), date(2026, 5, 15)),
        ("the appeals board of Ørland kommune (kommunal klagenemnd)", ("safety_alarm",),
         date(2026, 5, 7))]
    assert (window["last_day"], window["late"]) == (date(2026, 5, 15), False)
    assert window["to"] == ("Statsforvalteren i Trøndelag and the appeals board of Ørland "
                            "kommune (kommunal klagenemnd)")


def test_the_letter_names_each_body_and_deadline(client, build):
    """The citizen's letter says where each service is appealed and by when (pbrl § 7-5)."""
    case = build(person(LIV), upto="decided", at=THURSDAY,
                 services_=("home_nursing", "safety_alarm"))
    decision = services.decisions(case)[0]
    client.login_as(LIV)
    letter = client.get_page(f"/applications/{case.id}/decisions/{decision.id}?lang=en")
    routes = [text_of(li) for li in letter.select(".appeal-routes li")]
    assert routes[0].startswith("Home nursing: appeal within 4 weeks, that is until and "
                                "including 15 May 2026")
    assert "Statsforvalteren i Trøndelag decides" in routes[0]
    assert routes[1].startswith("Safety alarm: appeal to the appeals board of Ørland kommune "
                                "(kommunal klagenemnd) within 3 weeks, that is until and "
                                "including 7 May 2026 (forvaltningsloven §§ 28–29)")


def test_an_appeal_upheld_in_part_gets_a_new_decision_and_the_rest_goes_on(build):
    """Fvl § 33: the municipality changes what it agrees with and sends the rest on, in one
    move of the state table (partly_reversed: appealed → forwarded)."""
    liv, per = person(LIV), person(PER)
    application = build(liv, upto="decided", at=THURSDAY,
                        services_=("home_nursing", "practical_assistance"))
    services.appeal(application, actor=liv, reasons="Jeg trenger begge.", late_reason=None,
                    now=THURSDAY)
    casework.reverse(application, officer=per, parts=[
        Terms("home_nursing", "granted", date(2026, 4, 20), scope="Morgen og kveld."),
        Terms("practical_assistance", "refused")], reasons="Nye opplysninger om medisiner.",
        rest="Praktisk bistand: behovet dekkes av familien.", now=THURSDAY)
    assert application.state == "forwarded"
    event = db.session.scalar(select(CaseEvent).where(
        CaseEvent.application_id == application.id).order_by(CaseEvent.id.desc()))
    assert (event.kind, event.note) == ("partly_reversed",
                                        "Praktisk bistand: behovet dekkes av familien.")
    assert [d.outcome for d in services.decisions(application)] == ["refused", "partly_granted"]
    from portal.applications import timeline
    entry = timeline.entries(application, services.decisions(application))[-1]
    assert entry.decision is not None and entry.to == "Statsforvalteren i Trøndelag"
