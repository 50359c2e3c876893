"""The synthetic population's messages to their GP office (DOMAIN.md, "Secure messages"): a
citizen's message that starts a wait keeps when the team promised to answer, counted in
working days; the office answers mostly within it."""

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.clock import OSLO
from portal.demo import population
from portal.demo.builders import at
from portal.demo.population_data import MUNICIPALITIES
from portal.demo.population_journal import answered_at
from portal.messages.models import Thread
from portal.workdays import add_working_days, answer_due, is_working_day
from tests.demo.test_population import TODAY, synthetic

NOW = at(TODAY, 0)


def test_every_message_that_starts_a_wait_keeps_the_promise_in_working_days(db_session):
    """As add_message does: a citizen's message that finds nobody owing an answer (the first,
    or the first after the team answered) starts the team's clock, and keeps the moment
    workdays.answer_due gives from the team's working days; staff messages start none. The
    thread's due time is the open wait, if the person wrote last."""
    population.add(db_session, 200, seed=4, today=TODAY)
    people = [p.id for p in synthetic(db_session)]
    threads = db_session.scalars(select(Thread).where(Thread.person_id.in_(people))).all()
    waits = 0
    for thread in threads:
        owing = False
        for message in thread.messages:
            if message.author_role == "staff":
                assert message.answer_due_at is None
                owing = False
                continue
            expected = None if owing else answer_due(message.created_at, thread.unit.answer_days)
            assert message.answer_due_at == expected
            waits += expected is not None
            owing = True
        last = thread.messages[-1]
        if thread.status == "open" and last.author_role == "citizen":
            assert thread.answer_due_at == last.answer_due_at
        else:
            assert thread.answer_due_at is None
    assert waits > len(threads)  # every question, and the thanks after some answers


@pytest.mark.parametrize("home", MUNICIPALITIES, ids=lambda m: m.code)
def test_the_office_answers_mostly_by_its_promise(home):
    """About the municipality's share in time (80-92 %), in office hours on working days, an
    hour after the question at the earliest; the late ones a few working days late."""
    rng = random.Random(f"answers:{home.code}")
    in_time, hours = 0, []
    for _ in range(4000):
        day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 640))
        asked = at(day, rng.randint(7, 21), rng.randint(0, 59))
        due = answer_due(asked, 3)
        answered = answered_at(rng, asked, due, home.habits.answered_in_time)
        local = answered.astimezone(OSLO)
        assert is_working_day(local.date()) and 8 <= local.hour < 16
        assert answered >= asked + timedelta(hours=1)
        assert local.date() <= add_working_days(due.astimezone(OSLO).date(), 5)
        in_time += answered <= due
        hours.append((answered - asked).total_seconds() / 3600)
    assert abs(in_time / 4000 - home.habits.answered_in_time) < 0.03
    assert 0.80 <= home.habits.answered_in_time <= 0.92
    hours.sort()
    assert hours[0] < 2 and 12 < hours[len(hours) // 2] < 60 and hours[-1] > 100
