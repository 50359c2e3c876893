"""The personas' messages, as shared/PERSONAS.md and issue 6 describe them, dated from today.

Kari has an answered thread with her GP office about iron; Kari has asked the health
station a question on Emma's behalf that nobody has taken yet (in Anne's inbox); Ingrid
has asked home care on Ola's behalf, and the promised answer time has passed; Jonas has
asked the youth health station something himself (in Anne's inbox there; his mother never
sees it).
"""

from datetime import date, timedelta

from portal.messages.models import Message, Thread, ThreadRead
from portal.workdays import answer_due

from .builders import at


def add_messages(session, today: date, people, units, staff) -> None:
    """Add the personas' threads, messages and read markers."""
    kari, emma, ola, ingrid, jonas = (people[n] for n in (
        "14838800026", "02891950074", "30865940099", "08828500059", "20851250051"))
    gp, station, home_care, youth = (units[c] for c in (
        "orland-legekontor", "helsestasjon-orland", "hjemmetjenesten-orland",
        "helsestasjon-ungdom"))
    nils = staff["nils"]

    asked, answered = at(today - timedelta(days=22), 19, 42), at(today - timedelta(days=21), 11, 5)
    iron = _thread(kari, gp, kari, "Jerntilskudd og lav ferritin", asked, assigned=nils)
    iron.messages = [
        Message(author=kari, author_role="citizen", created_at=asked, body=(
            "Hei! På kontrollen sa du at ferritinen min er lav og at jeg bør ta jerntilskudd. "
            "Hvilket preparat bør jeg bruke, og kan jeg ta det samtidig med Levaxin?")),
        Message(author=nils.person, author_role="staff", created_at=answered, body=(
            "Hei Kari. Du kan bruke et reseptfritt jerntilskudd, for eksempel 100 mg jern én "
            "gang daglig. Ta det minst fire timer etter Levaxin, fordi jern hemmer opptaket av "
            "stoffskiftemedisinen. Vi tar ny ferritin om tre måneder.\n\n"
            "Hilsen Nils Eide, fastlege")),
    ]
    iron.last_message_at = answered

    question = at(today - timedelta(days=1), 20, 15)
    vaccine = _thread(emma, station, kari, "Når får Emma neste vaksine?", question)
    vaccine.messages = [Message(author=kari, author_role="representative", created_at=question,
                                body=("Hei! I seksårskontrollen stod det at Emma skal ha "
                                      "DTP-IPV i 2. klasse. Får vi en innkalling, eller må vi "
                                      "bestille time selv?\n\nHilsen Kari, mor"))]
    vaccine.answer_due_at = answer_due(question, station.answer_days)

    evening = at(today - timedelta(days=8), 10, 5)
    visits = _thread(ola, home_care, ingrid, "Tidspunkt for kveldsbesøket", evening)
    visits.messages = [Message(author=ingrid, author_role="representative", created_at=evening,
                               body=("Hei. Far lurer på om kveldsbesøket kan komme etter "
                                     "kl. 20 i stedet for kl. 18. Går det an?\n\n"
                                     "Hilsen Ingrid Hansen (fullmakt)"))]
    visits.answer_due_at = answer_due(evening, home_care.answer_days)

    sleep = at(today - timedelta(days=2), 21, 30)
    own = _thread(jonas, youth, jonas, "Sover dårlig før prøver", sleep)
    own.messages = [Message(author=jonas, author_role="citizen", created_at=sleep, body=(
        "Hei. Jeg får ikke sove kvelden før prøver på skolen. Kan jeg komme og snakke med "
        "noen om det?"))]
    own.answer_due_at = answer_due(sleep, youth.answer_days)

    session.add_all([iron, vaccine, visits, own])
    session.flush()
    session.add(ThreadRead(thread_id=iron.id, person_id=kari.id,
                           read_at=answered + timedelta(hours=7)))


def _thread(person, unit, writer, subject: str, at_, *, assigned=None) -> Thread:
    """Build an open thread started by a writer (the person or someone for them)."""
    return Thread(person=person, unit=unit, subject=subject, status="open",
                  assigned_to_id=assigned.id if assigned else None, created_by_id=writer.id,
                  created_at=at_, last_message_at=at_)
