"""`/insight/`: for the municipality's leaders only, every indicator with a chart, a table,
a definition and a CSV (issue 18)."""

import csv
import io

import pytest

from portal import db
from portal.insight import services
from portal.insight.services import CODES
from tests import factories
from tests.client import INGRID, KARI, NILS, OLA, PER, TONE, text_of


@pytest.fixture
def tone(client):
    client.login_as(TONE, role="staff", lang="en")
    return client


def test_tone_reads_every_indicator_for_orland(tone):
    page = tone.get_page("/insight/")
    assert page.h1.get_text(strip=True) == "Insight for Ørland kommune"
    for code in CODES:
        section = page.find(id=code)
        assert section is not None, code
        assert section.find("p", class_="definition").get_text(strip=True)
        assert section.find("a", href=lambda h, c=code: h and h.startswith(f"/insight/{c}.csv"))
    assert "All municipalities in the portal" in text_of(page)


@pytest.mark.parametrize("period", ["3", "6", "12", "24"])
def test_every_period_offered_shows(tone, period):
    page = tone.get_page(f"/insight/?period={period}")
    assert page.find("option", selected=True)["value"] == period


@pytest.mark.parametrize("period", ["0", "abc", "13", "-1", "9" * 40])
def test_a_period_not_offered_gets_a_message_not_a_500(tone, period):
    response = tone.get(f"/insight/?period={period}")
    assert response.status_code == 400
    assert "Choose one of the periods offered." in response.get_data(as_text=True)


def test_the_csv_has_the_table_with_the_same_suppression(tone):
    response = tone.get("/insight/first-logins.csv?period=3")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "First-time logins per week"
    assert rows[1] == ["Week starting", "First-time logins"]
    assert all(r[1] == "fewer than 5" or int(r[1]) >= 5 for r in rows[2:])


def test_an_unknown_indicator_is_404(tone):
    assert tone.get("/insight/nothing.csv").status_code == 404


@pytest.mark.parametrize("who, role", [(KARI, "citizen"), (OLA, "citizen"), (INGRID, "citizen"),
                                       (NILS, "staff"), (PER, "staff")])
def test_citizens_representatives_and_other_staff_get_403(client, who, role):
    db.session.commit()
    client.login_as(who, role=role)
    assert client.get("/insight/").status_code == 403
    assert client.get("/insight/continuity.csv").status_code == 403


def test_ingrid_acting_for_ola_gets_403(client):
    db.session.commit()
    client.login_as(INGRID)
    client.act_for(OLA)
    assert client.get("/insight/").status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/insight/")
    assert response.status_code in (302, 401)


def test_the_staff_menu_of_a_leader_has_insight(tone):
    page = tone.get_page("/staff/")
    assert page.find("a", href="/insight/")


@pytest.mark.parametrize("lang, heading", [("nb", "Innsikt for Ørland kommune"),
                                           ("nn", "Innsikt for Ørland kommune")])
def test_the_page_in_norwegian(client, lang, heading):
    client.login_as(TONE, role="staff", lang=lang)
    assert client.get_page("/insight/").h1.get_text(strip=True) == heading


def test_tone_sets_the_targets_and_the_dashboard_shows_them(tone):
    tone.post_form("/insight/targets", {"long_term_stay_days": "640", "short_term_stay_days": "",
                                        "occupancy_percent": "90"})
    assert services.targets(factories.unit("orland")) == {"long_term_stay_days": 640,
                                                          "occupancy_percent": 90}
    page = tone.get_page("/insight/")
    assert "640" in text_of(page.find(id="stays"))


@pytest.mark.parametrize("field, bad", [("long_term_stay_days", "-5"),
                                        ("occupancy_percent", "101"),
                                        ("short_term_stay_days", "tolv")])
def test_a_bad_target_is_refused_with_a_message_and_nothing_changes(tone, field, bad):
    before = services.targets(factories.unit("orland"))
    db.session.commit()
    data = {"long_term_stay_days": "650", "short_term_stay_days": "12",
            "occupancy_percent": "95", field: bad}
    response = tone.post_form("/insight/targets", data, status=400)
    assert "ds-error-summary" in response.get_data(as_text=True)
    assert services.targets(factories.unit("orland")) == before


def test_only_a_leader_sets_targets(client):
    db.session.commit()
    client.login_as(PER, role="staff")
    assert client.get("/insight/targets").status_code == 403
