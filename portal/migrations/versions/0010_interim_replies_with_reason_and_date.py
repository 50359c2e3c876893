"""Interim replies with a reason and an expected date, or honestly without one

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 06:00:00

DOMAIN.md, "Applications": the interim reply gives the reason and the expected date
(forvaltningsloven § 11 a). The date moves from the event's note into its own column; the
case keeps the date last promised and when the month for an interim reply ends, so that
"overdue" can be one condition in SQL.
"""

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None
OSLO = ZoneInfo("Europe/Oslo")


def _month_after(moment: datetime) -> datetime:
    """Return the moment one calendar month later on Oslo's clock (31 January: 28 February)."""
    local = moment.astimezone(OSLO)
    year, month = divmod(local.year * 12 + local.month, 12)
    day = min(local.day, calendar.monthrange(year, month + 1)[1])
    return datetime.combine(date(year, month + 1, day), local.time(), OSLO)


def upgrade() -> None:
    """Apply this migration: columns are only added, so SQLite rebuilds no table."""
    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expected_on', sa.Date(), nullable=True))
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_expected_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('interim_due_at', portal.db.UTCDateTime(timezone=True),
                                      nullable=True))
    bind = op.get_bind()
    sent = bind.execute(sa.text("SELECT id, submitted_at FROM application WHERE submitted_at "
                                "IS NOT NULL").columns(submitted_at=portal.db.UTCDateTime())).all()
    due = sa.table('application', sa.column('id', sa.Integer()),
                   sa.column('interim_due_at', portal.db.UTCDateTime()))
    for application_id, submitted_at in sent:
        bind.execute(sa.update(due).where(due.c.id == application_id)
                     .values(interim_due_at=_month_after(submitted_at)))
    replies = bind.execute(sa.text("SELECT id, application_id, note FROM case_event "
                                   "WHERE kind = 'interim_reply' ORDER BY at, id")).all()
    for event_id, application_id, note in replies:
        try:
            expected = date.fromisoformat(note or "")
        except ValueError:
            continue
        bind.execute(sa.text("UPDATE case_event SET expected_on = :day, note = NULL "
                             "WHERE id = :id").bindparams(day=expected, id=event_id))
        bind.execute(sa.text("UPDATE application SET decision_expected_on = :day WHERE id = :id")
                     .bindparams(day=expected, id=application_id))


def downgrade() -> None:
    """Undo this migration: the date goes back into the note where there is no reason."""
    op.execute("UPDATE case_event SET note = CAST(expected_on AS VARCHAR(10)) "
               "WHERE kind = 'interim_reply' AND expected_on IS NOT NULL AND note IS NULL")
    # ALTER TABLE on both databases: rebuilding the application table on SQLite would delete
    # its events and decisions through their ON DELETE CASCADE.
    for table, column in (("application", "interim_due_at"),
                          ("application", "decision_expected_on"), ("case_event", "expected_on")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
