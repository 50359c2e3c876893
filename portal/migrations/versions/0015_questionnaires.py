"""Questionnaires, their responses, and the questionnaire a visit type sends (issue 21)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 12:30:00

The visit type's new column is added in place (no table copy: SQLite would drop triggers).
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "questionnaire",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("loaded_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire")),
        sa.UniqueConstraint("code", "version", name=op.f("uq_questionnaire_code_version")),
    )
    op.create_index(op.f("ix_questionnaire_code"), "questionnaire", ["code"])
    op.create_table(
        "questionnaire_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("due_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('sent', 'in-progress', 'completed', 'withdrawn')",
                           name=op.f("ck_questionnaire_response_status")),
        sa.CheckConstraint("status <> 'completed' OR completed_at IS NOT NULL",
                           name=op.f("ck_questionnaire_response_completed")),
        sa.ForeignKeyConstraint(["questionnaire_id"], ["questionnaire.id"],
                                name=op.f("fk_questionnaire_response_questionnaire_id_questionnaire")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_questionnaire_response_person_id_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["organization.id"],
                                name=op.f("fk_questionnaire_response_unit_id_organization")),
        sa.ForeignKeyConstraint(["appointment_id"], ["appointment.id"],
                                name=op.f("fk_questionnaire_response_appointment_id_appointment"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["sent_by_id"], ["person.id"],
                                name=op.f("fk_questionnaire_response_sent_by_id_person")),
        sa.ForeignKeyConstraint(["answered_by_id"], ["person.id"],
                                name=op.f("fk_questionnaire_response_answered_by_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_response")),
    )
    for column in ("questionnaire_id", "person_id", "unit_id", "appointment_id"):
        op.create_index(op.f(f"ix_questionnaire_response_{column}"), "questionnaire_response",
                        [column])
    op.create_index("uq_questionnaire_response_appointment", "questionnaire_response",
                    ["appointment_id", "questionnaire_id"], unique=True,
                    sqlite_where=sa.text("appointment_id IS NOT NULL"),
                    postgresql_where=sa.text("appointment_id IS NOT NULL"))
    op.add_column("visit_type", sa.Column("questionnaire_code", sa.String(length=40),
                                          nullable=True))


def downgrade() -> None:
    """Undo this migration."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_column("visit_type", "questionnaire_code")
    else:
        # SQLite 3.35+ drops a plain column in place (no copy of the table).
        op.execute("ALTER TABLE visit_type DROP COLUMN questionnaire_code")
    op.drop_table("questionnaire_response")
    op.drop_table("questionnaire")
