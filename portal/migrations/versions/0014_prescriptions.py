"""Prescriptions and requests to renew them (issue 20)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 12:10:00

One open request per prescription is held by a partial unique index.
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "prescription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("medication", sa.String(length=200), nullable=False),
        sa.Column("strength", sa.String(length=40), nullable=False),
        sa.Column("atc_code", sa.String(length=10), nullable=True),
        sa.Column("dosage", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.String(length=80), nullable=False),
        sa.Column("dispensings", sa.Integer(), nullable=False),
        sa.Column("dispensings_left", sa.Integer(), nullable=False),
        sa.Column("prescription_group", sa.String(length=1), nullable=False),
        sa.Column("multidose", sa.Boolean(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("last_dispensed_on", sa.Date(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("prescriber_id", sa.Integer(), nullable=True),
        sa.Column("renewed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("prescription_group IN ('A', 'B', 'C', 'F')",
                           name=op.f("ck_prescription_prescription_group")),
        sa.CheckConstraint("valid_to > issued_on", name=op.f("ck_prescription_validity")),
        sa.CheckConstraint("dispensings_left >= 0 AND dispensings_left <= dispensings",
                           name=op.f("ck_prescription_dispensings_left")),
        sa.CheckConstraint("dispensings >= 1", name=op.f("ck_prescription_dispensings")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_prescription_person_id_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["organization.id"],
                                name=op.f("fk_prescription_unit_id_organization")),
        sa.ForeignKeyConstraint(["prescriber_id"], ["practitioner.id"],
                                name=op.f("fk_prescription_prescriber_id_practitioner")),
        sa.ForeignKeyConstraint(["renewed_by_id"], ["prescription.id"],
                                name=op.f("fk_prescription_renewed_by_id_prescription")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prescription")),
    )
    op.create_index(op.f("ix_prescription_person_id"), "prescription", ["person_id"])
    op.create_index(op.f("ix_prescription_unit_id"), "prescription", ["unit_id"])
    op.create_table(
        "renewal_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prescription_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("new_prescription_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("state IN ('sent', 'renewed', 'declined', 'book_appointment')",
                           name=op.f("ck_renewal_request_state")),
        sa.CheckConstraint("state <> 'declined' OR reason IS NOT NULL",
                           name=op.f("ck_renewal_request_declined_reason")),
        sa.CheckConstraint("state <> 'renewed' OR new_prescription_id IS NOT NULL",
                           name=op.f("ck_renewal_request_renewed_prescription")),
        sa.ForeignKeyConstraint(["prescription_id"], ["prescription.id"],
                                name=op.f("fk_renewal_request_prescription_id_prescription"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_renewal_request_person_id_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["organization.id"],
                                name=op.f("fk_renewal_request_unit_id_organization")),
        sa.ForeignKeyConstraint(["requested_by_id"], ["person.id"],
                                name=op.f("fk_renewal_request_requested_by_id_person")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["practitioner.id"],
                                name=op.f("fk_renewal_request_decided_by_id_practitioner")),
        sa.ForeignKeyConstraint(["new_prescription_id"], ["prescription.id"],
                                name=op.f("fk_renewal_request_new_prescription_id_prescription")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renewal_request")),
    )
    op.create_index(op.f("ix_renewal_request_prescription_id"), "renewal_request",
                    ["prescription_id"])
    op.create_index(op.f("ix_renewal_request_person_id"), "renewal_request", ["person_id"])
    op.create_index(op.f("ix_renewal_request_unit_id"), "renewal_request", ["unit_id"])
    op.create_index("ix_renewal_request_unit_state", "renewal_request",
                    ["unit_id", "state", "created_at"])
    op.create_index("uq_renewal_request_open", "renewal_request", ["prescription_id"],
                    unique=True, sqlite_where=sa.text("state = 'sent'"),
                    postgresql_where=sa.text("state = 'sent'"))


def downgrade() -> None:
    """Undo this migration."""
    op.drop_table("renewal_request")
    op.drop_table("prescription")
