"""The units' kinds of appointment, schedules and slots, and the personas' appointments
(shared/PERSONAS.md, issue 5), dated relative to today.

Slots are published from three weeks back to four weeks ahead. Emma has an upcoming
vaccination booked by the health station and a visit last week whose attendance Anne has
not recorded yet; Jonas has a GP appointment his mother booked (parents see it) and, long
ago, a confidential youth health station visit (they never do); Sara has her own GP
appointment and waits for an earlier one; Kari, Ola and Ingrid have past visits, one of
them a no-show, for the statistics. Kari's coming talk at the health station comes with the
EPDS to answer; Jonas answered the youth form before his visit (his alone).

The other municipalities' GP offices (issue 18) offer the ordinary GP appointments too, with
no schedules: the synthetic population's appointments are their only slots.
"""

from datetime import date, time, timedelta

from sqlalchemy import select

from portal.appointments.models import Appointment, Schedule, Slot, VisitType, WaitlistEntry
from portal.appointments.staffwork import slot_times
from portal.questionnaires.models import Questionnaire, QuestionnaireResponse

from .builders import at

# unit: (code, bokmål, nynorsk, English, minutes, mode, youngest, oldest, open for self-booking)
VISIT_TYPES = {
    "helsestasjon-orland": (
        ("hs-konsultasjon", "Helsestasjonskonsultasjon", "Helsestasjonskonsultasjon",
         "Health station check-up", 30, "in_person", 0, 5, False),
        ("hs-skolebarn", "Samtale med helsesykepleier (skolebarn)",
         "Samtale med helsesjukepleiar (skuleborn)",
         "Talk with the public-health nurse (school children)", 30, "in_person", 6, 15, True),
        ("hs-vaksinasjon", "Vaksinasjon", "Vaksinasjon", "Vaccination", 15, "in_person", 0, 15,
         False),
        ("hs-etter-fodsel", "Samtale med mor etter fødselen", "Samtale med mor etter fødselen",
         "Talk with the mother after the birth", 30, "in_person", 16, None, False),
    ),
    "helsestasjon-ungdom": (
        ("hfu-samtale", "Samtale på helsestasjon for ungdom", "Samtale på helsestasjon for ungdom",
         "Talk at the youth health station", 30, "in_person", 13, 20, True),
        ("hfu-video", "Videosamtale med helsesykepleier", "Videosamtale med helsesjukepleiar",
         "Video talk with a public-health nurse", 20, "video", 13, 20, True),
    ),
    "orland-legekontor": (
        ("vanlig-legetime", "Vanlig legetime", "Vanleg legetime", "GP appointment", 20,
         "in_person", 16, None, True),
        ("legetime-barn", "Legetime for barn", "Legetime for born", "GP appointment for a child",
         20, "in_person", 0, 15, True),
        ("video-legetime", "Videokonsultasjon med fastlegen", "Videokonsultasjon med fastlegen",
         "Video consultation with your GP", 15, "video", 16, None, True),
        ("dobbelttime", "Dobbelttime", "Dobbeltime", "Long appointment", 40, "in_person", 16,
         None, False),
    ),
}

# GP offices with the first kinds of Ørland's (for adults and for children), and nothing else.
OTHER_GP_OFFICES = ("roros-legekontor", "molde-legekontor")
ORDINARY_GP_KINDS = VISIT_TYPES["orland-legekontor"][:2]

# The questionnaire sent with a booking of a kind (issue 21).
QUESTIONNAIRES = {"hs-etter-fodsel": "epds", "hfu-samtale": "youth", "hfu-video": "youth",
                  "dobbelttime": "before-visit"}

# (unit, kind, practitioner, weekdays, from, to)
SCHEDULES = (
    ("helsestasjon-orland", "hs-konsultasjon", "anne", (0,), time(9), time(11, 30)),
    ("helsestasjon-orland", "hs-skolebarn", "anne", (2,), time(12, 30), time(15)),
    ("helsestasjon-orland", "hs-skolebarn", "anne", (4,), time(9), time(11)),
    ("helsestasjon-orland", "hs-vaksinasjon", "anne", (3,), time(9), time(10, 30)),
    ("helsestasjon-orland", "hs-etter-fodsel", "anne", (1,), time(9), time(11)),
    ("helsestasjon-ungdom", "hfu-samtale", "anne@helsestasjon-ungdom", (1,), time(14), time(17)),
    ("helsestasjon-ungdom", "hfu-video", "anne@helsestasjon-ungdom", (3,), time(15), time(16)),
    ("orland-legekontor", "vanlig-legetime", "nils", (0, 1, 2, 3, 4), time(8, 30), time(11, 30)),
    ("orland-legekontor", "legetime-barn", "nils", (1, 3), time(12, 30), time(14)),
    ("orland-legekontor", "video-legetime", "nils", (2,), time(12, 30), time(13, 30)),
    ("orland-legekontor", "dobbelttime", "nils", (4,), time(12, 30), time(14, 30)),
)
PUBLISHED_FROM, PUBLISHED_TO = timedelta(days=-20), timedelta(days=27)


def add_appointments(session, today: date, people, units, staff) -> None:
    """Add kinds of appointment, schedules, slots, appointments and a waiting-list place."""
    kinds = {row[0]: _visit_type(units[unit_code], row)
             for unit_code, rows in VISIT_TYPES.items() for row in rows}
    session.add_all(kinds.values())
    session.add_all([_visit_type(units[unit_code], row)
                     for unit_code in OTHER_GP_OFFICES for row in ORDINARY_GP_KINDS])
    session.flush()
    slots: dict[str, list[Slot]] = {code: [] for code in kinds}
    for unit_code, code, who, weekdays, start, end in SCHEDULES:
        for weekday in weekdays:
            schedule = Schedule(unit_id=units[unit_code].id, visit_type_id=kinds[code].id,
                                practitioner_id=staff[who].id, weekday=weekday,
                                start_time=start, end_time=end)
            session.add(schedule)
            session.flush()
            for begins, ends in slot_times(schedule, kinds[code].duration_minutes,
                                           today + PUBLISHED_FROM, today + PUBLISHED_TO):
                slots[code].append(Slot(unit_id=schedule.unit_id, visit_type_id=kinds[code].id,
                                        practitioner_id=schedule.practitioner_id,
                                        schedule_id=schedule.id, start_at=begins, end_at=ends))
    for rows in slots.values():
        rows.sort(key=lambda s: s.start_at)
        session.add_all(rows)
    session.flush()
    _book(session, today, people, staff, kinds, slots)


def _visit_type(unit, row: tuple) -> VisitType:
    """Return a unit's kind of appointment from a row of VISIT_TYPES."""
    code, nb, nn, en, minutes, mode, low, high, open_booking = row
    return VisitType(unit=unit, code=code, name_nb=nb, name_nn=nn, name_en=en,
                     duration_minutes=minutes, mode=mode, min_age=low, max_age=high,
                     open_booking=open_booking, active=True,
                     questionnaire_code=QUESTIONNAIRES.get(code))


def _book(session, today: date, people, staff, kinds, slots) -> None:
    """Book the personas' appointments in the published slots (and a few older one-off ones)."""
    kari, emma, jonas, sara, ola, ingrid = (people[n] for n in (
        "14838800026", "02891950074", "20851250051", "15831050044", "30865940099",
        "08828500059"))
    anne, nils = staff["anne"].person, staff["nils"].person

    def first(code: str, on_or_after: date) -> Slot:
        return next(s for s in slots[code] if s.start_at >= at(on_or_after, 0))

    def last_before(code: str, day: date) -> Slot:
        return [s for s in slots[code] if s.start_at < at(day, 0)][-1]

    def one_off(code: str, day: date, hour: int, who) -> Slot:
        kind = kinds[code]
        slot = Slot(unit_id=kind.unit.id, visit_type_id=kind.id, practitioner_id=who.id,
                    start_at=at(day, hour), end_at=at(day, hour) + timedelta(minutes=kind.duration_minutes))
        session.add(slot)
        session.flush()
        return slot

    def booking(slot, person, by, channel, status="booked", *, booked_days_before=7, seen=True,
                **extra) -> Appointment:
        made = slot.start_at - timedelta(days=booked_days_before)
        row = Appointment(slot_id=slot.id, person_id=person.id, booked_by_id=by.id,
                          channel=channel, status=status, start_at=slot.start_at,
                          end_at=slot.end_at, created_at=min(made, at(today, 7)),
                          staff_seen_at=min(made, at(today, 7)) + timedelta(hours=2) if seen else None,
                          **extra)
        session.add(row)
        return row

    booking(first("hs-vaksinasjon", today + timedelta(days=8)), emma, anne, "staff",
            booked_days_before=12)
    booking(last_before("hs-skolebarn", today), emma, kari, "self",
            reason="Emma har vondt i magen om morgenen før skolen.")
    booking(first("legetime-barn", today + timedelta(days=6)), jonas, kari, "self",
            booked_days_before=3, seen=False, reason="Vond ankel etter fotballtrening.")
    jonas_talk = booking(one_off("hfu-samtale", today - timedelta(days=21), 15,
                                 staff["anne@helsestasjon-ungdom"]), jonas, jonas,
                         "self", "attended", booked_days_before=2)
    # Kari's talk at the health station comes with the EPDS, to answer before it (issue 21).
    kari_talk = booking(first("hs-etter-fodsel", today + timedelta(days=5)), kari, anne,
                        "staff", booked_days_before=6)
    upcoming = booking(first("vanlig-legetime", today + timedelta(days=10)), sara, sara, "self",
                       booked_days_before=4, seen=False)
    booking(first("vanlig-legetime", today - timedelta(days=12)), sara, sara, "self",
            "cancelled", cancelled_at=at(today - timedelta(days=15), 18), cancelled_by_id=sara.id)
    booking(one_off("vanlig-legetime", today - timedelta(days=24), 10, staff["nils"]), kari, kari,
            "self", "attended")
    booking(one_off("dobbelttime", today - timedelta(days=32), 13, staff["nils"]), ola, nils,
            "staff", "attended", booked_days_before=14)
    booking(first("vanlig-legetime", today - timedelta(days=9)), ola, nils, "staff", "no_show")
    # The GP office called off one of Ola's appointments (avlyst, not avbestilt).
    booking(first("vanlig-legetime", today - timedelta(days=5)), ola, nils, "staff",
            "cancelled", cancelled_at=at(today - timedelta(days=7), 9), cancelled_by_id=nils.id,
            cancelled_by_unit=True)
    booking(first("vanlig-legetime", today + timedelta(days=14)), ola, ingrid, "self",
            booked_days_before=20, seen=False)
    booking(first("video-legetime", today - timedelta(days=15)), ingrid, ingrid, "self",
            "attended", video_room=f"demo-{today.isoformat()}-ingrid")
    session.flush()
    session.add(WaitlistEntry(person_id=sara.id, visit_type_id=kinds["vanlig-legetime"].id,
                              appointment_id=upcoming.id, requested_by_id=sara.id,
                              status="waiting", created_at=at(today - timedelta(days=2), 20)))
    _questionnaire(session, kari_talk, "epds", sent=at(today - timedelta(days=6), 9))
    _questionnaire(session, jonas_talk, "youth", sent=at(today - timedelta(days=23), 18),
                   answered=({"topics": ["feelings", "school"], "who": "nurse"},
                             at(today - timedelta(days=22), 20)))
    session.flush()


def _questionnaire(session, appointment, code: str, *, sent, answered=None) -> None:
    """Add the questionnaire sent with a booking, and the answers where given."""
    questionnaire = session.scalar(select(Questionnaire).where(Questionnaire.code == code)
                                   .order_by(Questionnaire.id.desc()).limit(1))
    slot = session.get(Slot, appointment.slot_id)
    answers, completed_at = answered or ({}, None)
    session.add(QuestionnaireResponse(
        questionnaire_id=questionnaire.id, person_id=appointment.person_id, unit_id=slot.unit_id,
        appointment_id=appointment.id, status="completed" if answered else "sent",
        confidential=bool(questionnaire.definition.get("private_to_young")), answers=answers,
        flags=[], due_at=appointment.start_at, created_at=sent, completed_at=completed_at,
        answered_by_id=appointment.person_id if answered else None))
