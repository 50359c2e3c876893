"""Where imported journal rows came from: the FHIR resource's identity, for idempotent imports

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 10:50:00

A table of its own rather than columns on each journal table: no table is rebuilt (SQLite
would drop the appointment table's triggers), and the journal's rows stay as they were.
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "fhir_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_type", sa.String(length=40), nullable=False),
        sa.Column("source_key", sa.String(length=300), nullable=False),
        sa.Column("row_table", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("imported_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_fhir_source_person_id_person"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fhir_source")),
        sa.UniqueConstraint("resource_type", "source_key",
                            name=op.f("uq_fhir_source_resource_type_source_key")),
    )
    op.create_index(op.f("ix_fhir_source_person_id"), "fhir_source", ["person_id"], unique=False)


def downgrade() -> None:
    """Undo this migration."""
    op.drop_index(op.f("ix_fhir_source_person_id"), table_name="fhir_source")
    op.drop_table("fhir_source")
