"""Care delivered: home-care visit plans and visits, stays, GP list history, residence,
nursing homes, the targets a municipality sets, and the answer time a message was
promised (issue 18)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 15:20:00

The organisation's kinds gain "nursing_home". On SQLite a CHECK cannot be changed in place,
so the organisation table is rebuilt in batch mode (foreign keys are off while the
migrations run; env.py checks them afterwards). The new columns of person are added without
a rebuild.
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

OLD_KINDS = ("hospital", "municipality", "gp_office", "health_station", "youth_health_station",
             "home_care", "case_office", "laboratory")
NEW_KINDS = OLD_KINDS + ("nursing_home",)


def _kinds(kinds) -> str:
    return f"kind IN {kinds!r}"


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("organization") as batch:
        batch.drop_constraint(op.f("ck_organization_kind"), type_="check")
        batch.create_check_constraint("kind", _kinds(NEW_KINDS))
        batch.add_column(sa.Column("beds", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("shows_staff_names", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    # Not in batch mode: SQLite would rebuild person, which many tables' keys refer to.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE person ADD COLUMN municipality_id INTEGER CONSTRAINT "
                   "fk_person_municipality_id_organization REFERENCES organization (id)")
    else:
        op.add_column("person", sa.Column("municipality_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_person_municipality_id_organization", "person",
                              "organization", ["municipality_id"], ["id"])
    op.create_index(op.f("ix_person_municipality_id"), "person", ["municipality_id"])
    op.create_table(
        "gp_list_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on",
                           name=op.f("ck_gp_list_period_period")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_gp_list_period_person_id_person"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["organization.id"],
                                name=op.f("fk_gp_list_period_unit_id_organization")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gp_list_period")),
    )
    op.create_index(op.f("ix_gp_list_period_person_id"), "gp_list_period", ["person_id"])
    op.create_index("ix_gp_list_period_starts_on", "gp_list_period", ["starts_on"])
    op.create_table(
        "visit_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=30), nullable=False),
        sa.Column("service_decision_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("weekdays", sa.String(length=7), nullable=False),
        sa.Column("at", sa.Time(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint("service IN ('home_nursing', 'practical_assistance')",
                           name=op.f("ck_visit_plan_service")),
        sa.CheckConstraint("minutes BETWEEN 5 AND 480", name=op.f("ck_visit_plan_minutes")),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on",
                           name=op.f("ck_visit_plan_period")),
        sa.CheckConstraint("length(weekdays) BETWEEN 1 AND 7",
                           name=op.f("ck_visit_plan_weekdays")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_visit_plan_person_id_person"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["organization.id"],
                                name=op.f("fk_visit_plan_team_id_organization")),
        sa.ForeignKeyConstraint(["service_decision_id"], ["service_decision.id"],
                                name=op.f("fk_visit_plan_service_decision_id_service_decision")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_plan")),
        sa.UniqueConstraint("service_decision_id", name=op.f("uq_visit_plan_service_decision_id")),
    )
    op.create_index(op.f("ix_visit_plan_person_id"), "visit_plan", ["person_id"])
    op.create_index(op.f("ix_visit_plan_team_id"), "visit_plan", ["team_id"])
    op.create_table(
        "home_care_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("service", sa.String(length=30), nullable=False),
        sa.Column("starts_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=True),
        sa.Column("done_minutes", sa.Integer(), nullable=True),
        sa.CheckConstraint("service IN ('home_nursing', 'practical_assistance')",
                           name=op.f("ck_home_care_visit_service")),
        sa.CheckConstraint("status IN ('planned', 'done', 'cancelled')",
                           name=op.f("ck_home_care_visit_status")),
        sa.CheckConstraint("minutes BETWEEN 5 AND 480", name=op.f("ck_home_care_visit_minutes")),
        sa.CheckConstraint("status <> 'done' OR (practitioner_id IS NOT NULL "
                           "AND done_minutes IS NOT NULL)",
                           name=op.f("ck_home_care_visit_done_by")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_home_care_visit_person_id_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["organization.id"],
                                name=op.f("fk_home_care_visit_team_id_organization")),
        sa.ForeignKeyConstraint(["plan_id"], ["visit_plan.id"],
                                name=op.f("fk_home_care_visit_plan_id_visit_plan")),
        sa.ForeignKeyConstraint(["practitioner_id"], ["practitioner.id"],
                                name=op.f("fk_home_care_visit_practitioner_id_practitioner")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_home_care_visit")),
        sa.UniqueConstraint("plan_id", "starts_at",
                            name=op.f("uq_home_care_visit_plan_id_starts_at")),
    )
    op.create_index("ix_home_care_visit_team_start", "home_care_visit", ["team_id", "starts_at"])
    op.create_index("ix_home_care_visit_person_start", "home_care_visit",
                    ["person_id", "starts_at"])
    op.create_table(
        "stay",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("service_decision_id", sa.Integer(), nullable=True),
        sa.Column("admitted_on", sa.Date(), nullable=False),
        sa.Column("discharged_on", sa.Date(), nullable=True),
        sa.CheckConstraint("kind IN ('short_term', 'long_term')", name=op.f("ck_stay_kind")),
        sa.CheckConstraint("discharged_on IS NULL OR discharged_on >= admitted_on",
                           name=op.f("ck_stay_period")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_stay_person_id_person"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["organization.id"],
                                name=op.f("fk_stay_unit_id_organization")),
        sa.ForeignKeyConstraint(["service_decision_id"], ["service_decision.id"],
                                name=op.f("fk_stay_service_decision_id_service_decision")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stay")),
        sa.UniqueConstraint("service_decision_id", name=op.f("uq_stay_service_decision_id")),
    )
    op.create_index(op.f("ix_stay_person_id"), "stay", ["person_id"])
    op.create_index("ix_stay_unit_admitted", "stay", ["unit_id", "admitted_on"])
    op.create_table(
        "care_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=30), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.CheckConstraint("indicator IN ('long_term_stay_days', 'short_term_stay_days', "
                           "'occupancy_percent')", name=op.f("ck_care_target_indicator")),
        sa.CheckConstraint("value >= 0", name=op.f("ck_care_target_value")),
        sa.ForeignKeyConstraint(["municipality_id"], ["organization.id"],
                                name=op.f("fk_care_target_municipality_id_organization")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_target")),
        sa.UniqueConstraint("municipality_id", "indicator",
                            name=op.f("uq_care_target_municipality_id_indicator")),
    )
    op.create_index(op.f("ix_care_target_municipality_id"), "care_target", ["municipality_id"])
    op.create_index("ix_login_event_at", "login_event", ["at"])
    op.add_column("message", sa.Column("answer_due_at", portal.db.UTCDateTime(timezone=True),
                                       nullable=True))
    # Earlier waits: a citizen's message whose thread still waits started its clock.
    op.execute("UPDATE message SET answer_due_at = (SELECT t.answer_due_at FROM thread t "
               "WHERE t.id = message.thread_id) WHERE author_role <> 'staff' AND id IN "
               "(SELECT min(m.id) FROM message m JOIN thread t ON t.id = m.thread_id "
               "WHERE t.answer_due_at IS NOT NULL AND m.author_role <> 'staff' AND NOT EXISTS "
               "(SELECT 1 FROM message s WHERE s.thread_id = m.thread_id "
               "AND s.author_role = 'staff' AND s.id > m.id) GROUP BY m.thread_id)")


def downgrade() -> None:
    """Undo this migration."""
    op.execute("ALTER TABLE message DROP COLUMN answer_due_at")
    op.drop_index("ix_login_event_at", table_name="login_event")
    for table in ("care_target", "stay", "home_care_visit", "visit_plan", "gp_list_period"):
        op.drop_table(table)
    op.drop_index(op.f("ix_person_municipality_id"), table_name="person")
    # SQLite cannot drop a column with a foreign key in place: batch mode rebuilds person.
    with op.batch_alter_table("person") as batch:
        if op.get_bind().dialect.name != "sqlite":
            batch.drop_constraint("fk_person_municipality_id_organization", type_="foreignkey")
        batch.drop_column("municipality_id")
    op.execute("DELETE FROM organization WHERE kind = 'nursing_home'")
    with op.batch_alter_table("organization") as batch:
        batch.drop_column("shows_staff_names")
        batch.drop_column("beds")
        batch.drop_constraint(op.f("ck_organization_kind"), type_="check")
        batch.create_check_constraint("kind", _kinds(OLD_KINDS))
