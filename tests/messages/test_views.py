"""Secure messages in the citizen's browser words (issue 6; DOMAIN.md, "Secure messages")."""

import io

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.audit import AccessLogEntry
from portal.messages import services
from portal.messages.models import Attachment, Message, Thread
from portal.representation.models import PowerOfAttorney
from tests.client import ANNE, EMMA, INGRID, JONAS, KARI, LIV, OLA, text_of
from tests.messages.conftest import PDF, PNG, log_out, person, thread_titled, unit

EMERGENCY = "In an emergency, call 113. If you need a doctor urgently, call the out-of-hours service (legevakt) on 116 117."


def write(client, team_id, *, subject="Spørsmål om jern", body="Hei, et spørsmål.", files=(),
          status=302):
    data = {"team": team_id, "subject": subject, "body": body}
    if files:
        data["attachments"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post_form("/messages/new?lang=en", data, from_page="/messages/new",
                            status=status)


def first_message(session, thread) -> Message:
    return session.scalars(select(Message).where(Message.thread_id == thread.id)
                           .order_by(Message.created_at)).first()


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_every_message_page_says_messages_are_not_for_emergencies(client, db_session):
    """Rule: every message page says plainly: call 113, or the out-of-hours service 116 117."""
    client.login_as(KARI)
    thread = thread_titled(db_session, "Jerntilskudd og lav ferritin")
    for url in ("/messages/", "/messages/new", f"/messages/{thread.id}"):
        notice = client.get_page(url + "?lang=en").select_one(".emergency-notice")
        assert EMERGENCY in text_of(notice), url
        assert notice.find("a", href="tel:113") and notice.find("a", href="tel:116117")


def test_kari_writes_to_her_gp_office_and_is_told_when_to_expect_an_answer(client, db_session):
    """Rule: the citizen sees when the team expects to answer (within 3 working days)."""
    client.login_as(KARI)
    page = client.get_page("/messages/new?lang=en")
    options = [text_of(o) for o in page.select("select#team option")]
    assert options == ["Ørland legekontor (answers within 3 working days)"]
    gp = unit(db_session, "orland-legekontor")
    response = write(client, gp.id)
    thread = thread_titled(db_session, "Spørsmål om jern")
    assert response.location == f"/messages/{thread.id}"
    page = client.get_page(response.location + "?lang=en")
    assert "Your message has been sent to Ørland legekontor. They answer by" in text_of(page)
    assert "Ørland legekontor answers by" in text_of(page)
    assert first_message(db_session, thread).author_role == "citizen"
    assert thread.answer_due_at is not None
    listing = client.get_page("/messages/?lang=en")
    assert "Waiting for an answer" in text_of(listing.select_one(".thread-row"))


def test_kari_writes_for_emma_and_the_team_sees_who_wrote_for_whom(client, db_session):
    """Rule: a parent of a child under 12 messages for the child; both actor and person recorded."""
    client.login_as(KARI)
    client.act_for(EMMA)
    page = client.get_page("/messages/new?lang=en")
    assert "You are writing on behalf of Emma Nordmann" in text_of(page)
    assert [text_of(o) for o in page.select("select#team option")][1:] == [
        "Helsestasjon Ørland (answers within 3 working days)",
        "Ørland legekontor (answers within 3 working days)"]
    write(client, unit(db_session, "helsestasjon-orland").id, subject="Utslett")
    thread = thread_titled(db_session, "Utslett")
    kari, emma = person(db_session, KARI), person(db_session, EMMA)
    assert (thread.person_id, thread.created_by_id) == (emma.id, kari.id)
    message = first_message(db_session, thread)
    assert (message.author_id, message.author_role) == (kari.id, "representative")
    client.get_page("/messages/")
    page = client.get_page(f"/messages/{thread.id}?lang=en")
    assert text_of(page.select_one(".message__author")) == "Kari Nordmann on behalf of Emma Nordmann"
    logged = db_session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == emma.id, AccessLogEntry.what == "messages")).all()
    assert {(e.actor_id, e.actor_role, e.resource_id) for e in logged} >= {
        (kari.id, "parent", None), (kari.id, "parent", thread.id)}


def test_markup_in_a_message_is_shown_as_text(client, db_session):
    client.login_as(KARI)
    write(client, unit(db_session, "orland-legekontor").id, subject="<b>Fet</b>",
          body="<script>alert('x')</script> & <img src=x onerror=alert(1)>")
    thread = thread_titled(db_session, "<b>Fet</b>")
    html = client.get(f"/messages/{thread.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x" in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Fet</b>" not in html


@pytest.mark.parametrize(("field", "value", "words"), [
    ("body", "", "Write a message."),
    ("body", "   \n  ", "Write a message."),
    ("body", "x" * 5001, "The message can be at most 5000 characters. It is now 5001."),
    ("subject", "", "Write a subject."),
    ("subject", "y" * 151, "The subject can be at most 150 characters. It is now 151."),
    ("team", "", "Choose the care team to write to."),
    ("team", "abc", "Choose the care team to write to."),
    ("team", "999999", "You can write only to the care teams in the list."),
    ("team", "helsestasjon-orland", "You can write only to the care teams in the list."),
])
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(client, db_session, field, value, words):
    """Bad input: empty or oversize text, a team without a relationship: clear message, nothing saved."""
    client.login_as(KARI)
    if value == "helsestasjon-orland":
        value = unit(db_session, value).id  # a real team, but not one of Kari's
    before = (count(db_session, Thread), count(db_session, Message))
    data = {"team": unit(db_session, "orland-legekontor").id, "subject": "Emne", "body": "Tekst"}
    data[field] = value
    response = client.post_form("/messages/new?lang=en", data, from_page="/messages/new",
                                status=400)
    summary = BeautifulSoup(response.data, "html.parser").select_one(".ds-error-summary")
    assert words in text_of(summary)
    assert (count(db_session, Thread), count(db_session, Message)) == before


def test_someone_elses_thread_is_not_found(client, db_session):
    """A thread id of someone else's: 404, revealing nothing; nothing can be added to it."""
    kari_thread = thread_titled(db_session, "Jerntilskudd og lav ferritin")
    client.login_as(LIV)
    for url in (f"/messages/{kari_thread.id}", "/messages/999999",
                f"/messages/{kari_thread.id}/attachments/1"):
        assert client.get(url).status_code == 404
    before = count(db_session, Message)
    client.post_form(f"/messages/{kari_thread.id}/reply", {"body": "Hei"},
                     from_page="/messages/", status=404)
    assert count(db_session, Message) == before


def test_a_parent_of_a_child_of_12_to_15_can_neither_read_nor_write(client, db_session):
    """Rule: parents of children 12-15 cannot message on the child's behalf (pbrl § 3-4)."""
    client.login_as(KARI)
    client.act_for(JONAS)
    before = count(db_session, Thread)
    for url in ("/messages/?lang=en", "/messages/new?lang=en"):
        page = client.get_page(url, status=403)
        assert ("Parents do not see messages for young people aged 12 to 15. Jonas Nordmann "
                "can use the health service in confidence") in text_of(page), url
        assert "Helsestasjon for ungdom" not in text_of(page)
    client.post_form("/messages/new?lang=en", {"team": unit(db_session, "orland-legekontor").id,
                                               "subject": "Hei", "body": "Hei"},
                     from_page="/representation/", status=403)
    assert count(db_session, Thread) == before


@pytest.mark.parametrize(("level", "may_write"), [("full", True), ("standard", True),
                                                  ("communicate", True), ("read", False)])
def test_powers_of_attorney_and_messages(client, db_session, level, may_write):
    """Rule: Full, Standard and Communicate may write; Read may only read."""
    power = db_session.scalar(select(PowerOfAttorney))
    power.level = level
    db_session.commit()
    client.login_as(INGRID)
    client.act_for(OLA)
    page = client.get_page("/messages/?lang=en")
    assert "Tidspunkt for kveldsbesøket" in text_of(page)
    assert bool(page.find("a", href="/messages/new")) is may_write
    home_care = unit(db_session, "hjemmetjenesten-orland").id
    if may_write:
        write(client, home_care, subject="Ny resept?")
        thread = thread_titled(db_session, "Ny resept?")
        assert first_message(db_session, thread).author_role == "representative"
    else:
        assert "does not let you write on their behalf" in text_of(page)
        page = client.get_page("/messages/new?lang=en", status=403)
        assert ("You can see Ola Hansen's messages, but your power of attorney is for reading "
                "only") in text_of(page)
        thread = thread_titled(db_session, "Tidspunkt for kveldsbesøket")
        before = (count(db_session, Thread), count(db_session, Message))
        client.post_form("/messages/new?lang=en", {"team": home_care, "subject": "Ny resept?",
                                                   "body": "Hei"},
                         from_page="/messages/", status=403)
        response = client.post_form(f"/messages/{thread.id}/reply?lang=en", {"body": "Hei"},
                                    from_page=f"/messages/{thread.id}", status=403)
        assert "your power of attorney is for reading only" in response.get_data(as_text=True)
        assert (count(db_session, Thread), count(db_session, Message)) == before


def test_pdf_and_png_attachments_are_stored_outside_static_and_served_as_downloads(
        client, db_session, uploads):
    """Rule: PDF, JPEG, PNG only, size-limited, stored outside the web root; nosniff."""
    client.login_as(KARI)
    write(client, unit(db_session, "orland-legekontor").id, subject="Med vedlegg",
          files=[("Blodprøve – Ørland.pdf", PDF), ("utslett.png", PNG)])
    thread = thread_titled(db_session, "Med vedlegg")
    files = db_session.scalars(select(Attachment).join(Message).where(
        Message.thread_id == thread.id).order_by(Attachment.id)).all()
    assert [(f.filename, f.content_type, f.size_bytes) for f in files] == [
        ("Blodprøve – Ørland.pdf", "application/pdf", len(PDF)), ("utslett.png", "image/png", len(PNG))]
    assert sorted(p.name for p in uploads.iterdir()) == sorted(f.storage_key for f in files)
    page = client.get_page(f"/messages/{thread.id}?lang=en")
    link = page.select_one(".attachment-list a")
    assert text_of(link.parent) == "Blodprøve – Ørland.pdf (PDF, 1 kB)"
    response = client.get(link["href"])
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Blodprve  rland.pdf\"; "
        "filename*=UTF-8''Blodpr%C3%B8ve%20%E2%80%93%20%C3%98rland.pdf")
    assert "no-store" in response.headers["Cache-Control"]
    response.close()
    log_out(client)
    client.login_as(LIV)
    assert client.get(link["href"]).status_code == 404


@pytest.mark.parametrize(("name", "content", "words"), [
    ("bilde.png", b"GIF89a" + b"\x00" * 30, "bilde.png is not a PDF, JPEG or PNG file"),
    ("brev.pdf", b"<html><script>alert(1)</script>", "brev.pdf is not a PDF, JPEG or PNG file"),
    ("tom.pdf", b"", "tom.pdf is empty"),
    ("stor.pdf", PDF + b"0" * 3000, "stor.pdf is larger than 2 kB"),
])
def test_a_bad_attachment_is_refused_and_nothing_is_saved(client, db_session, app, uploads,
                                                          monkeypatch, name, content, words):
    monkeypatch.setitem(app.config, "PORTAL_MAX_ATTACHMENT_BYTES", 2048)
    client.login_as(KARI)
    before = (count(db_session, Thread), count(db_session, Attachment))
    response = write(client, unit(db_session, "orland-legekontor").id, files=[(name, content)],
                     status=400)
    assert words in text_of(BeautifulSoup(response.data, "html.parser"))
    assert (count(db_session, Thread), count(db_session, Attachment)) == before
    assert not uploads.exists() or not any(uploads.iterdir())


def test_more_than_five_files_are_refused(client, db_session):
    client.login_as(KARI)
    response = write(client, unit(db_session, "orland-legekontor").id,
                     files=[(f"{i}.pdf", PDF) for i in range(6)], status=400)
    assert "You can attach at most 5 files." in response.get_data(as_text=True)


def test_a_request_over_the_upload_limit_gets_the_file_too_large_page(client, db_session, app,
                                                                      monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 20_000)
    client.login_as(KARI)
    before = count(db_session, Thread)
    response = write(client, unit(db_session, "orland-legekontor").id,
                     files=[("stor.pdf", PDF + b"0" * 30_000)], status=413)
    assert "The file is too large" in response.get_data(as_text=True)
    assert count(db_session, Thread) == before


def test_an_answer_shows_as_unread_until_read_and_on_the_home_page(client, db_session):
    """Unread: messages by others after the reader's last read; a card on the home page."""
    thread = thread_titled(db_session, "Når får Emma neste vaksine?")
    anne = person(db_session, ANNE)
    services.add_message(thread, anne, "staff", "Dere får innkalling fra skolen.", [], None,
                         services.db.utcnow())
    db_session.commit()  # add_message only adds to the transaction
    client.login_as(KARI)
    home = client.get_page("/home?lang=en")
    row = [r for r in home.select(".home-person") if "Emma Nordmann" in text_of(r.h3)][0]
    assert "There is 1 unread message for Emma Nordmann." in text_of(row)
    assert row.find("form", action="/representation/act")
    client.act_for(EMMA)
    listing = client.get_page("/messages/?lang=en")
    row = [r for r in listing.select(".thread-row") if "neste vaksine" in text_of(r)][0]
    assert "thread-row--unread" in row["class"] and "1 unread" in text_of(row)
    page = client.get_page(f"/messages/{thread.id}?lang=en")
    new = [text_of(m.select_one(".message__author")) for m in page.select(".message")
           if m.select_one(".ds-tag[data-color=info]")]
    assert new == ["Anne Berg, Helsestasjon Ørland New"]
    listing = client.get_page("/messages/?lang=en")
    assert not listing.select(".thread-row--unread")
    assert "Messages" not in text_of(client.get_page("/home?lang=en").select_one("main"))


def test_a_closed_thread_asks_for_a_new_message(client, db_session):
    thread = thread_titled(db_session, "Jerntilskudd og lav ferritin")
    thread.status = "closed"
    db_session.commit()
    client.login_as(KARI)
    page = client.get_page(f"/messages/{thread.id}?lang=en")
    assert "This conversation is closed" in text_of(page) and not page.select("textarea")
    response = client.post_form(f"/messages/{thread.id}/reply?lang=en", {"body": "Hei igjen"},
                                from_page="/messages/", status=400)
    assert "This conversation is closed." in response.get_data(as_text=True)


def test_an_overdue_answer_is_marked_for_the_citizen_with_the_teams_phone(client, db_session):
    client.login_as(INGRID)
    client.act_for(OLA)
    thread = thread_titled(db_session, "Tidspunkt for kveldsbesøket")
    page = client.get_page(f"/messages/{thread.id}?lang=en")
    assert "The answer is late. If it cannot wait, call Hjemmetjenesten Ørland on 72 51 41 50." in text_of(page)
    assert "Overdue" in text_of(page.select_one(".lead"))


def test_liv_sees_helpful_empty_states(client):
    client.login_as(LIV)
    page = client.get_page("/messages/?lang=en")
    assert "No conversations yet" in text_of(page)
    assert "Ørland legekontor" in text_of(page.select_one(".team-list"))


def test_the_care_teams_a_representative_is_offered_are_a_logged_read(client, db_session):
    """Issue 14, item 8: the teams on /messages/new come from Ola's journal; Ingrid's read of
    them is in Ola's access log."""
    ola, ingrid = person(db_session, OLA), person(db_session, INGRID)
    client.login_as(INGRID)
    client.act_for(OLA)
    page = client.get_page("/messages/new?lang=en")
    assert "Hjemmetjenesten Ørland" in text_of(page)
    logged = db_session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == ola.id, AccessLogEntry.actor_id == ingrid.id)).all()
    assert [(e.what, e.actor_role) for e in logged] == [("messages", "representative")]
