"""The one working-day calendar: messages' answer time (DOMAIN.md, "Secure messages": "within 3
working days") and appeal deadlines (forvaltningsloven § 30, domstolloven § 149)."""

from datetime import UTC, date, datetime

import pytest

from portal import workdays


@pytest.mark.parametrize(("year", "easter"), [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
                                              (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28)),
                                              (2038, date(2038, 4, 25))])
def test_easter_sunday(year, easter):
    assert workdays.easter_sunday(year) == easter


def test_norways_public_holidays_in_2026():
    assert sorted(workdays.public_holidays(2026)) == [
        date(2026, 1, 1), date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 5), date(2026, 4, 6),
        date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 17), date(2026, 5, 24),
        date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26)]


@pytest.mark.parametrize(("start", "n", "due"), [
    (date(2026, 11, 23), 3, date(2026, 11, 26)),   # Monday: Thursday
    (date(2026, 11, 26), 3, date(2026, 12, 1)),    # Thursday: over the weekend to Tuesday
    (date(2026, 11, 28), 1, date(2026, 11, 30)),   # Saturday: Monday is the first working day
    (date(2026, 3, 31), 3, date(2026, 4, 8)),      # the Easter week: three holidays skipped
    (date(2026, 5, 13), 2, date(2026, 5, 18)),     # Ascension Day, then a weekend
    (date(2026, 12, 23), 2, date(2026, 12, 28)),   # Christmas Eve counts; Christmas Day not
])
def test_working_days_skip_weekends_and_holidays(start, n, due):
    assert workdays.add_working_days(start, n) == due


def test_the_answer_is_due_at_the_end_of_the_office_day_in_oslo():
    sent = datetime(2026, 11, 22, 19, 15, tzinfo=UTC)  # Sunday 20:15 in Oslo
    assert workdays.answer_due(sent, 3) == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def test_a_message_sent_after_midnight_in_oslo_counts_from_that_oslo_day():
    sent = datetime(2026, 6, 1, 22, 30, tzinfo=UTC)  # Tuesday 00:30 in Oslo (summer time)
    assert workdays.answer_due(sent, 1) == datetime(2026, 6, 3, 14, 0, tzinfo=UTC)
