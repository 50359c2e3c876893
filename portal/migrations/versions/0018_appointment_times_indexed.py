"""Appointments indexed by start and end, and those staff have not seen (issue 22)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 16:30:00

The staff day list and the attendance still to register look appointments up by time; at
100,000 citizens each such query scanned every appointment. Adding an index does not
rebuild the table, so SQLite keeps its no-overlap triggers.
"""

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_index("ix_appointment_start_at", "appointment", ["start_at"])
    op.create_index("ix_appointment_end_at", "appointment", ["end_at"])
    op.create_index("ix_appointment_unseen", "appointment", ["slot_id"],
                    sqlite_where=sa.text("staff_seen_at IS NULL"),
                    postgresql_where=sa.text("staff_seen_at IS NULL"))


def downgrade() -> None:
    """Undo this migration."""
    op.drop_index("ix_appointment_unseen", table_name="appointment")
    op.drop_index("ix_appointment_end_at", table_name="appointment")
    op.drop_index("ix_appointment_start_at", table_name="appointment")
