"""A municipality's number and the services it treats as non-statutory: who decides an appeal

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 05:30:00

DOMAIN.md, "Applications": an appeal goes to the county governor of the municipality's county
(the number's first two digits), or for a non-statutory service to the municipal appeals
board. Columns are only added, so SQLite needs no rebuild of the organization table.
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('municipality_number', sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column('non_statutory_services', sa.JSON(), nullable=False,
                                      server_default='[]'))


def downgrade() -> None:
    """Undo this migration, with ALTER TABLE on both databases: rebuilding the organization
    table on SQLite would be refused by the foreign keys that point at it."""
    op.execute("ALTER TABLE organization DROP COLUMN non_statutory_services")
    op.execute("ALTER TABLE organization DROP COLUMN municipality_number")
