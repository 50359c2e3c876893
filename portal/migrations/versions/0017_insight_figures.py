"""The insight dashboard's figures, as the nightly job stores them (issue 18)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 16:05:00
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "insight_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("computed_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insight_figures")),
        sa.UniqueConstraint("key", name=op.f("uq_insight_figures_key")),
    )


def downgrade() -> None:
    """Undo this migration."""
    op.drop_table("insight_figures")
