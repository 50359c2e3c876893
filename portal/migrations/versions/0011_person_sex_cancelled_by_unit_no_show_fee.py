"""A person's registered sex (for reference ranges); who cancelled an appointment; a unit's
fee for a late cancellation or a no-show

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 05:00:00

Empty means "read it from the national identity number's ninth digit" (DOMAIN.md, "Lab
results"); the register's own value wins where it is known.

An appointment cancelled by the unit is "avlyst", one cancelled by the person or for them
"avbestilt" (issue 15, item 8). Earlier rows are filled from what they show: the unit's own
cancellations were seen by staff at the moment they were made.
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

SEX_CHECK = "registered_sex IN ('female', 'male')"


def upgrade() -> None:
    """Apply this migration."""
    # Not in batch mode: SQLite would rebuild the table, which other tables' keys refer to.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE person ADD COLUMN registered_sex VARCHAR(6) CONSTRAINT "
                   f"ck_person_registered_sex CHECK ({SEX_CHECK})")
    else:
        op.add_column("person", sa.Column("registered_sex", sa.String(6), nullable=True))
        op.create_check_constraint("registered_sex", "person", SEX_CHECK)
    # Not in batch mode: SQLite would rebuild the table and drop its no-overlap triggers.
    op.add_column("appointment", sa.Column("cancelled_by_unit", sa.Boolean(), nullable=False,
                                           server_default=sa.false()))
    op.add_column("organization", sa.Column("no_show_fee", sa.Integer(), nullable=True))
    op.execute("UPDATE appointment SET cancelled_by_unit = (staff_seen_at = cancelled_at) "
               "WHERE status = 'cancelled' AND staff_seen_at IS NOT NULL")


def downgrade() -> None:
    """Undo this migration."""
    op.execute("ALTER TABLE appointment DROP COLUMN cancelled_by_unit")
    op.execute("ALTER TABLE organization DROP COLUMN no_show_fee")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("registered_sex", "person", type_="check")
        op.execute("ALTER TABLE person DROP COLUMN registered_sex")
        return
    # SQLite cannot drop a column its CHECK names in place (once 0016 has gone down through
    # a rebuild the CHECK is the table's): batch mode rebuilds person without both.
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint(op.f("ck_person_registered_sex"), type_="check")
        batch.drop_column("registered_sex")
