"""The team inbox in staff's words (issue 6, items 3 and 7; DOMAIN.md, "Secure messages", "Access log")."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal import db
from portal.audit import AccessLogEntry
from portal.messages import inbox, services
from portal.messages.areas import MESSAGES
from portal.messages.models import Message, Thread
from tests import factories as make
from tests.client import ANNE, EMMA, JONAS, KARI, NILS, text_of
from tests.messages.conftest import PDF, log_out, person, practitioner_in, thread_titled, unit
from tests.notices import queued, send
from tests.results.test_views import QueryCounter

EMMAS = "Når får Emma neste vaksine?"


def inbox_subjects(page) -> list[str]:
    return [text_of(row.select_one("td a")) for row in page.select(".inbox-table tbody tr")]


def colleague(session, given="Berit"):
    """Add a nurse at the health station who can log in as staff."""
    someone = make.person(date(1990, 5, 5), given=given, family="Aune")
    role = make.staff_in(someone, "helsestasjon-orland")
    session.commit()  # a request ends the session: what is only flushed would be lost
    return role, someone


def test_anne_finds_emmas_question_in_the_pool_and_each_row_is_logged(client, db_session):
    """Rule: every read of a person's data by staff is logged: the inbox row names Emma."""
    thread = thread_titled(db_session, EMMAS)
    client.login_as(ANNE, "staff")
    page = client.get_page("/staff/messages/?lang=en")
    assert EMMAS in inbox_subjects(page)
    row = [r for r in page.select(".inbox-table tbody tr") if EMMAS in text_of(r)][0]
    assert "Emma Nordmann" in text_of(row) and "Waiting for an answer" in text_of(row)
    assert "Nobody" in text_of(row)
    anne, emma = person(db_session, ANNE), person(db_session, EMMA)
    logged = db_session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == emma.id, AccessLogEntry.actor_id == anne.id)).all()
    assert [(e.actor_role, e.what, e.resource_id, e.unit.code) for e in logged] == [
        ("staff", "messages", thread.id, "helsestasjon-orland")]


def _youth_thread(db_session):
    """Jonas writes to the youth health station himself; commit it."""
    jonas = person(db_session, JONAS)
    youth = services.start_thread(make.scope(jonas, jonas, MESSAGES),
                                  unit(db_session, "helsestasjon-ungdom").id, actor=jonas,
                                  title="Privat spørsmål", body="Hei", uploads=[], folder=None,
                                  now=db.utcnow())
    db_session.commit()  # start_thread only adds to the transaction
    return youth


def test_staff_see_only_the_threads_of_the_unit_they_work_for(client, db_session):
    """Rule: staff act only for a purpose of the unit they work for now."""
    emmas = thread_titled(db_session, EMMAS)
    karis = thread_titled(db_session, "Jerntilskudd og lav ferritin")
    youth = _youth_thread(db_session)
    client.login_as(NILS, "staff")
    for tab in inbox.TABS:
        assert EMMAS not in inbox_subjects(client.get_page(f"/staff/messages/?tab={tab}"))
    assert client.get(f"/staff/messages/{emmas.id}").status_code == 404
    assert client.get(f"/staff/messages/{youth.id}").status_code == 404
    assert client.get_page(f"/staff/messages/{karis.id}")
    log_out(client, "/staff/")
    client.login_as(ANNE, "staff")  # working for Helsestasjon Ørland, her first unit
    for tab in inbox.TABS:
        subjects = inbox_subjects(client.get_page(f"/staff/messages/?tab={tab}"))
        assert "Privat spørsmål" not in subjects and "Jerntilskudd og lav ferritin" not in subjects
    for url in (f"/staff/messages/{youth.id}", f"/staff/messages/{karis.id}",
                "/staff/messages/999999"):
        assert client.get(url).status_code == 404
    client.post_form(f"/staff/messages/{karis.id}/take", {}, from_page="/staff/messages/",
                     status=404)
    client.post_form(f"/staff/messages/{karis.id}/reply", {"body": "Hei"},
                     from_page="/staff/messages/", status=404)


def test_anne_answers_the_youth_health_station_once_she_works_for_it(client, db_session):
    """DOMAIN.md: every team with an inbox must have someone who can read it. Anne works at
    the health station and the youth health station; she changes unit and answers Jonas."""
    youth = _youth_thread(db_session)
    client.login_as(ANNE, "staff")
    station = unit(db_session, "helsestasjon-ungdom")
    client.post_form("/staff/unit", {"unit": station.id})
    assert "Privat spørsmål" in inbox_subjects(client.get_page("/staff/messages/?tab=unassigned"))
    client.post_form(f"/staff/messages/{youth.id}/reply?lang=en", {"body": "Hei Jonas, kom innom."},
                     from_page=f"/staff/messages/{youth.id}")
    log_out(client, "/staff/")
    client.login_as(JONAS)
    assert "Hei Jonas, kom innom." in text_of(client.get_page(f"/messages/{youth.id}"))


def test_a_unit_that_covers_its_sub_units_reads_their_inbox(client, db_session):
    """A municipality may let a unit's staff serve its sub-units: the inbox includes them."""
    youth = _youth_thread(db_session)
    unit(db_session, "helsestasjon-orland").covers_sub_units = True
    db_session.commit()
    client.login_as(ANNE, "staff")  # working for Helsestasjon Ørland
    page = client.get_page("/staff/messages/?tab=unassigned")
    assert "Privat spørsmål" in inbox_subjects(page)
    # The tab counts what it lists: the sub-unit's threads are counted too.
    shown = len(inbox_subjects(page))
    assert text_of(page.select_one('a[aria-current="page"] .inbox-count')) == f"({shown})"
    assert client.get(f"/staff/messages/{youth.id}").status_code == 200
    log_out(client, "/staff/")
    client.login_as(NILS, "staff")  # the GP office covers nothing of the kind
    assert client.get(f"/staff/messages/{youth.id}").status_code == 404


def test_a_staff_member_cannot_choose_a_unit_that_is_not_theirs(client, db_session):
    gp = unit(db_session, "orland-legekontor")
    client.login_as(ANNE, "staff")
    page = client.post_form("/staff/unit?lang=en", {"unit": gp.id}, status=400)
    assert b"Not a valid choice" in page.data or b"Choose a unit" in page.data
    assert "Helsestasjon Ørland" in text_of(client.get_page("/staff/?lang=en"))


def test_take_answer_and_the_person_and_writer_are_notified(app, client, db_session):
    """Rule: staff take a thread and reply; notices carry no health information."""
    thread = thread_titled(db_session, EMMAS)
    client.login_as(ANNE, "staff")
    response = client.post_form(f"/staff/messages/{thread.id}/take?lang=en", {},
                                from_page=f"/staff/messages/{thread.id}")
    page = client.get_page(response.location + "?lang=en")
    assert "You have taken the conversation" in text_of(page)
    assert EMMAS in inbox_subjects(client.get_page("/staff/messages/?tab=mine"))
    assert EMMAS not in inbox_subjects(client.get_page("/staff/messages/?tab=unassigned"))
    response = client.post_form(f"/staff/messages/{thread.id}/reply?lang=en",
                                {"body": "Dere får innkalling fra skolehelsetjenesten."},
                                from_page=f"/staff/messages/{thread.id}")
    page = client.get_page(response.location + "?lang=en")
    assert ("A notice without health information goes to Emma Nordmann (e-mail), "
            "Kari Nordmann (e-mail).") in text_of(page)
    assert "Answered" in text_of(page.select_one(".thread-facts"))
    emma, kari = person(db_session, EMMA), person(db_session, KARI)
    [notice] = queued(kind="message_answered", person_id=emma.id)
    assert (notice.resource, notice.resource_id, notice.candidates) == (
        "thread", thread.id, [kari.id])
    assert notice.expanded_at is None  # queued with the answer, sent by the job
    expected = [(emma.id, "email", emma.email, "nb"), (kari.id, "email", kari.email, "nb")]
    with app.app_context():
        deliveries = [d for d in send(db.utcnow()) if d.notice_id == notice.id]
    assert [(d.person_id, d.channel, d.address, d.language) for d in deliveries] == expected
    for delivery in deliveries:
        text = f"{delivery.subject} {delivery.body}"
        assert "ny melding" in text.lower()
        assert "skole" not in text and "vaksine" not in text.lower()
        assert "Helsestasjon" not in text and "Emma" not in text and "Kari" not in text
        assert "/messages/" in delivery.body


def test_alone_in_the_team_there_is_nobody_to_hand_on_to(client, db_session):
    """Issue 16, item 8: Anne's hand-on list held only herself."""
    thread = thread_titled(db_session, EMMAS)
    client.login_as(ANNE, "staff")
    page = client.get_page(f"/staff/messages/{thread.id}?lang=en")
    assert page.select_one(".hand-on-form") is None
    assert "Nobody else works in" in text_of(page.select_one(".hand-on-none"))


def test_hand_on_close_and_reopen(client, db_session):
    thread = thread_titled(db_session, EMMAS)
    berit, berit_person = colleague(db_session)
    client.login_as(ANNE, "staff")
    page = client.get_page(f"/staff/messages/{thread.id}?lang=en")
    options = [text_of(o) for o in page.select("select#to option")]
    # The team's other members, not Anne herself (issue 16, item 8)
    assert options == ["Choose a colleague", "Berit Aune"]
    response = client.post_form(f"/staff/messages/{thread.id}/hand-on?lang=en", {"to": berit.id},
                                from_page=f"/staff/messages/{thread.id}")
    assert "handed on to Berit Aune" in text_of(client.get_page(response.location + "&lang=en"))
    log_out(client, "/staff/")
    client.login_as(berit_person.national_id, "staff")
    assert EMMAS in inbox_subjects(client.get_page("/staff/messages/?tab=mine"))
    client.post_form(f"/staff/messages/{thread.id}/close", {}, from_page="/staff/messages/")
    assert EMMAS in inbox_subjects(client.get_page("/staff/messages/?tab=closed"))
    assert EMMAS not in inbox_subjects(client.get_page("/staff/messages/?tab=open"))
    client.post_form(f"/staff/messages/{thread.id}/reopen", {}, from_page="/staff/messages/")
    assert EMMAS in inbox_subjects(client.get_page("/staff/messages/?tab=open"))


@pytest.mark.parametrize(("url", "data", "words"), [
    ("hand-on", {"to": "999999"}, "Choose a colleague in Helsestasjon Ørland."),
    ("hand-on", {"to": "nils"}, "Choose a colleague in Helsestasjon Ørland."),
    ("reply", {"body": ""}, "Write a message."),
    ("reply", {"body": "x" * 5001}, "The message can be at most 5000 characters."),
])
def test_bad_staff_input_changes_nothing(client, db_session, url, data, words):
    thread = thread_titled(db_session, EMMAS)
    if data.get("to") == "nils":
        nils = person(db_session, NILS)
        data = {"to": practitioner_in(nils.id, unit(db_session, "orland-legekontor").id).id}
    client.login_as(ANNE, "staff")
    before = db_session.scalar(select(func.count()).select_from(Message))
    response = client.post_form(f"/staff/messages/{thread.id}/{url}?lang=en", data,
                                from_page=f"/staff/messages/{thread.id}", status=400)
    assert words in response.get_data(as_text=True)
    assert db_session.get(Thread, thread.id).assigned_to_id is None
    assert db_session.scalar(select(func.count()).select_from(Message)) == before


def test_taking_a_thread_someone_else_took_says_who(client, db_session):
    thread = thread_titled(db_session, EMMAS)
    berit, _ = colleague(db_session)
    thread.assigned_to_id = berit.id
    db_session.commit()
    client.login_as(ANNE, "staff")
    response = client.post(f"/staff/messages/{thread.id}/take?lang=en",
                           data={"csrf_token": client.csrf_token(f"/staff/messages/{thread.id}")})
    assert response.status_code == 409
    assert "Berit Aune has already taken this conversation" in response.get_data(as_text=True)


def test_overdue_threads_are_marked_and_counted(client, db_session):
    """Rule: an overdue marker against the promised answer time."""
    emma, kari = person(db_session, EMMA), person(db_session, KARI)
    services.start_thread(make.scope(kari, emma, MESSAGES), unit(db_session, "helsestasjon-orland").id,
                          actor=kari, title="Gammelt spørsmål", body="Hei?", uploads=[],
                          folder=None, now=db.utcnow() - timedelta(days=10))
    db_session.commit()  # start_thread only adds to the transaction
    client.login_as(ANNE, "staff")
    page = client.get_page("/staff/messages/?lang=en")
    row = [r for r in page.select(".inbox-table tbody tr") if "Gammelt" in text_of(r)][0]
    assert "inbox-row--overdue" in row["class"] and "! Overdue" in text_of(row)
    assert "1 conversation has passed the promised answer time." in text_of(page)
    workspace = client.get_page("/staff/?lang=en").select_one(".inbox-notice")
    assert "1 past the promised answer time" in text_of(workspace)
    assert workspace.find("a", href="/staff/messages/")


def test_staff_download_an_attachment_and_it_is_logged(client, db_session):
    thread = thread_titled(db_session, EMMAS)
    client.login_as(KARI)
    client.post_form("/representation/act", {"person_id": person(db_session, EMMA).id},
                     from_page="/representation/")
    import io
    client.post_form(f"/messages/{thread.id}/reply", {
        "body": "Her er vaksinekortet.", "attachments": (io.BytesIO(PDF), "vaksinekort.pdf")},
        from_page=f"/messages/{thread.id}")
    log_out(client)
    client.login_as(ANNE, "staff")
    link = client.get_page(f"/staff/messages/{thread.id}").select_one(".attachment-list a")
    response = client.get(link["href"])
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    response.close()
    log_out(client, "/staff/")
    client.login_as(NILS, "staff")
    assert client.get(link["href"]).status_code == 404


@pytest.mark.parametrize("query", ["tab=evil", "page=-3", "page=abc", "page=99999",
                                   "tab=closed&page=0"])
def test_odd_inbox_arguments_show_a_page(client, query):
    client.login_as(ANNE, "staff")
    assert client.get_page(f"/staff/messages/?{query}")


def _add_threads(session, n: int, station: int, anne: int, people: list[int]) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    session.execute(Thread.__table__.insert(), [{
        "person_id": people[i % len(people)], "unit_id": station, "subject": f"Spørsmål {i}",
        "status": "closed" if i % 4 == 3 else "open",
        "assigned_to_id": anne if i % 4 in (1, 3) else None,
        "created_by_id": people[i % len(people)], "created_at": start + timedelta(minutes=i),
        "last_message_at": start + timedelta(minutes=i),
        "answer_due_at": start + timedelta(days=3, minutes=i) if i % 4 in (0, 2) else None,
    } for i in range(n)])
    session.commit()


def test_the_inbox_takes_a_fixed_number_of_queries_with_10000_threads(app, client, db_session):
    """Scale: a team inbox with 10,000 threads is paged and indexed: same queries as with 100."""
    station = unit(db_session, "helsestasjon-orland").id
    anne = practitioner_in(person(db_session, ANNE).id, station).id
    people = [make.person(date(2018, 1, 1) + timedelta(days=i), given=f"Barn{i}").id
              for i in range(20)]
    db_session.commit()
    client.login_as(ANNE, "staff")
    counts, took = {}, {}
    added = 0
    for n in (100, 10_000):
        _add_threads(db_session, n - added, station, anne, people)
        added = n
        for tab in inbox.TABS:
            with QueryCounter(app.extensions["engine"]) as counter:
                began = time.perf_counter()
                page = client.get_page(f"/staff/messages/?tab={tab}&page=2&lang=en")
                took[n, tab] = time.perf_counter() - began
            assert len(page.select(".inbox-table tbody tr")) == inbox.PAGE_SIZE
            counts[n, tab] = counter.count
    for tab in inbox.TABS:
        assert counts[100, tab] == counts[10_000, tab], (tab, counts)
    print({k: round(v * 1000) for k, v in took.items()})


def test_a_leader_is_warned_of_a_team_nobody_reads(client, db_session):
    """DOMAIN.md: every team with an inbox must have someone who can read it; when a team has
    open threads and no staff, the municipality's workspace says so (names, no contents)."""
    from portal.journal.models import Practitioner

    _youth_thread(db_session)
    tone = "09896800024"
    client.login_as(tone, "staff")
    before = text_of(client.get_page("/staff/?lang=en"))
    # The demo's home-care team has Ingrid's question and its employees read it: no warning.
    assert "Teams without staff to read their messages" not in before
    assert "Helsestasjon for ungdom" not in before  # Anne works there
    youth = unit(db_session, "helsestasjon-ungdom")
    for role in db_session.scalars(select(Practitioner).where(Practitioner.unit_id == youth.id)):
        role.active = False
    db_session.commit()
    page = text_of(client.get_page("/staff/?lang=en"))
    assert "Teams without staff to read their messages" in page
    assert "Helsestasjon for ungdom: 2 open conversations" in page
    assert "Privat spørsmål" not in page
    # Staff of a unit that covers its sub-units read them: the team is no longer unread.
    unit(db_session, "helsestasjon-orland").covers_sub_units = True
    db_session.commit()
    assert "Helsestasjon for ungdom" not in text_of(client.get_page("/staff/?lang=en"))


def test_anne_sends_a_question_on_to_the_gp_office(client, db_session):
    """Issue 16, item 8 (DOMAIN.md, "Secure messages": staff hand a thread on): the teams of
    the same municipality a conversation may go to are offered; the GP office gets it, and
    the health station no longer sees it."""
    thread = thread_titled(db_session, EMMAS)
    gp, st_olavs = unit(db_session, "orland-legekontor"), unit(db_session, "st-olavs")
    client.login_as(ANNE, "staff")
    page = client.get_page(f"/staff/messages/{thread.id}?lang=en")
    teams = [text_of(o) for o in page.select("select#team option")]
    assert "Ørland legekontor" in teams and "Helsestasjon Ørland" not in teams
    assert "St. Olavs hospital" not in teams
    # A team outside the municipality (a tampered id) is refused; nothing changes.
    client.post_form(f"/staff/messages/{thread.id}/send-on?lang=en", {"team": st_olavs.id},
                     from_page=f"/staff/messages/{thread.id}", status=400)
    assert db_session.get(Thread, thread.id).unit_id != gp.id
    client.post_form(f"/staff/messages/{thread.id}/send-on?lang=en", {"team": gp.id},
                     from_page=f"/staff/messages/{thread.id}")
    moved = db_session.get(Thread, thread.id)
    assert moved.unit_id == gp.id and moved.assigned_to_id is None
    assert client.get(f"/staff/messages/{thread.id}").status_code == 404
    log_out(client, "/staff/")
    client.login_as(NILS, "staff")
    assert EMMAS in inbox_subjects(client.get_page("/staff/messages/?tab=unassigned"))
