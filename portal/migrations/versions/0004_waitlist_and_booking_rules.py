"""Waitlist, cancellations, and no overlapping appointments

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:20:48.430158
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


OVERLAP = ("NEW.status <> 'cancelled' AND EXISTS (SELECT 1 FROM appointment a "
           "WHERE a.id <> NEW.id AND a.person_id = NEW.person_id AND a.status <> 'cancelled' "
           "AND a.start_at < NEW.end_at AND NEW.start_at < a.end_at)")
NO_OVERLAP_SQLITE = [
    f"""CREATE TRIGGER appointment_no_overlap_insert BEFORE INSERT ON appointment
        WHEN {OVERLAP} BEGIN SELECT RAISE(ABORT, 'overlapping appointment'); END""",
    f"""CREATE TRIGGER appointment_no_overlap_update
        BEFORE UPDATE OF status, start_at, end_at, person_id ON appointment
        WHEN {OVERLAP} BEGIN SELECT RAISE(ABORT, 'overlapping appointment'); END""",
]
NO_OVERLAP_POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE appointment ADD CONSTRAINT ex_appointment_no_overlap
       EXCLUDE USING gist (person_id WITH =, tstzrange(start_at, end_at) WITH &&)
       WHERE (status <> 'cancelled')""",
]


def upgrade() -> None:
    """Apply this migration: a person can never hold two overlapping appointments."""
    op.create_table('waitlist_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('visit_type_id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('offered_slot_id', sa.Integer(), nullable=True),
    sa.Column('offer_expires_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'offered' OR (offered_slot_id IS NOT NULL AND offer_expires_at IS NOT NULL)", name=op.f('ck_waitlist_entry_offer_complete')),
    sa.CheckConstraint("status IN ('waiting', 'offered', 'accepted', 'expired', 'withdrawn')", name=op.f('ck_waitlist_entry_status')),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_waitlist_entry_appointment_id_appointment')),
    sa.ForeignKeyConstraint(['offered_slot_id'], ['slot.id'], name=op.f('fk_waitlist_entry_offered_slot_id_slot')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_waitlist_entry_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['person.id'], name=op.f('fk_waitlist_entry_requested_by_id_person')),
    sa.ForeignKeyConstraint(['visit_type_id'], ['visit_type.id'], name=op.f('fk_waitlist_entry_visit_type_id_visit_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waitlist_entry'))
    )
    with op.batch_alter_table('waitlist_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_waitlist_entry_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_waitlist_entry_visit_type_status', ['visit_type_id', 'status', 'created_at'], unique=False)
        batch_op.create_index('uq_waitlist_entry_open', ['person_id', 'visit_type_id'], unique=True, sqlite_where=sa.text("status IN ('waiting', 'offered')"), postgresql_where=sa.text("status IN ('waiting', 'offered')"))

    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_at', portal.db.UTCDateTime(timezone=True), nullable=False))
        batch_op.add_column(sa.Column('end_at', portal.db.UTCDateTime(timezone=True), nullable=False))
        batch_op.add_column(sa.Column('cancelled_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('staff_seen_at', portal.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('rescheduled_from_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_appointment_rescheduled_from_id_appointment'), 'appointment', ['rescheduled_from_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_appointment_cancelled_by_id_person'), 'person', ['cancelled_by_id'], ['id'])
        batch_op.create_check_constraint(op.f("ck_appointment_period"), "end_at > start_at")

    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in NO_OVERLAP_POSTGRESQL if postgresql else NO_OVERLAP_SQLITE:
        op.execute(statement)


def downgrade() -> None:
    """Undo this migration."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE appointment DROP CONSTRAINT ex_appointment_no_overlap")
    else:
        op.execute("DROP TRIGGER appointment_no_overlap_insert")
        op.execute("DROP TRIGGER appointment_no_overlap_update")
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_appointment_period"), type_="check")
        batch_op.drop_constraint(batch_op.f('fk_appointment_cancelled_by_id_person'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_appointment_rescheduled_from_id_appointment'), type_='foreignkey')
        batch_op.drop_column('rescheduled_from_id')
        batch_op.drop_column('staff_seen_at')
        batch_op.drop_column('cancelled_by_id')
        batch_op.drop_column('end_at')
        batch_op.drop_column('start_at')

    with op.batch_alter_table('waitlist_entry', schema=None) as batch_op:
        batch_op.drop_index('uq_waitlist_entry_open', sqlite_where=sa.text("status IN ('waiting', 'offered')"), postgresql_where=sa.text("status IN ('waiting', 'offered')"))
        batch_op.drop_index('ix_waitlist_entry_visit_type_status')
        batch_op.drop_index(batch_op.f('ix_waitlist_entry_person_id'))

    op.drop_table('waitlist_entry')
