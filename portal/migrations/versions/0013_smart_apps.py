"""Apps that read the journal through SMART on FHIR, and the access log naming the app

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 12:00:00

The access log gains the app a read came through, and the role "self" (a person's own app
reading their journal is logged; their own reads in the portal are not). On PostgreSQL the
role's CHECK is replaced in place. SQLite cannot change a CHECK, so the table is copied to a
new one; the copy drops the triggers that keep the log append-only, and they are made again
here exactly as 0002 and 0007 made them.
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

ROLES_AFTER = "actor_role IN ('self', 'parent', 'representative', 'staff')"
APPEND_ONLY_SQLITE = [
    """CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log_entry
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
    """CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log_entry
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
    """CREATE TRIGGER access_log_no_replace BEFORE INSERT ON access_log_entry
    WHEN EXISTS (SELECT 1 FROM access_log_entry WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
]


def _apps() -> None:
    """Create the tables of apps, connections, codes and tokens."""
    op.create_table(
        "smart_app",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("redirect_uris", sa.Text(), nullable=False),
        sa.Column("secret_digest", sa.String(length=64), nullable=True),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("retired_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_smart_app")),
        sa.UniqueConstraint("client_id", name=op.f("uq_smart_app_client_id")),
    )
    op.create_table(
        "smart_connection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("app_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("acr", sa.String(length=40), nullable=True),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["app_id"], ["smart_app.id"],
                                name=op.f("fk_smart_connection_app_id_smart_app")),
        sa.ForeignKeyConstraint(["patient_id"], ["person.id"],
                                name=op.f("fk_smart_connection_patient_id_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["person.id"],
                                name=op.f("fk_smart_connection_user_id_person"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_smart_connection")),
    )
    for column in ("app_id", "patient_id", "user_id"):
        op.create_index(op.f(f"ix_smart_connection_{column}"), "smart_connection", [column])
    op.create_table(
        "smart_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("app_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("acr", sa.String(length=40), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("redirect_uri", sa.Text(), nullable=False),
        sa.Column("aud", sa.Text(), nullable=False),
        sa.Column("code_challenge", sa.String(length=128), nullable=False),
        sa.Column("code_challenge_method", sa.String(length=10), nullable=False),
        sa.Column("nonce", sa.String(length=200), nullable=True),
        sa.Column("auth_time", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["app_id"], ["smart_app.id"],
                                name=op.f("fk_smart_code_app_id_smart_app")),
        sa.ForeignKeyConstraint(["patient_id"], ["person.id"],
                                name=op.f("fk_smart_code_patient_id_person"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["person.id"],
                                name=op.f("fk_smart_code_user_id_person"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_smart_code")),
        sa.UniqueConstraint("code_digest", name=op.f("uq_smart_code_code_digest")),
    )
    for column in ("app_id", "patient_id", "user_id"):
        op.create_index(op.f(f"ix_smart_code_{column}"), "smart_code", [column])
    op.create_table(
        "smart_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("connection_id", sa.Integer(), nullable=False),
        sa.Column("access_digest", sa.String(length=64), nullable=False),
        sa.Column("refresh_digest", sa.String(length=64), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("aud", sa.Text(), nullable=False),
        sa.Column("issued_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_in", sa.Integer(), nullable=False),
        sa.Column("revoked_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["connection_id"], ["smart_connection.id"],
                                name=op.f("fk_smart_token_connection_id_smart_connection"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_smart_token")),
        sa.UniqueConstraint("access_digest", name=op.f("uq_smart_token_access_digest")),
        sa.UniqueConstraint("refresh_digest", name=op.f("uq_smart_token_refresh_digest")),
    )
    op.create_index(op.f("ix_smart_token_connection_id"), "smart_token", ["connection_id"])


def _access_log() -> None:
    """Add the app a read came through, and let the reader's role be "self"."""
    check = op.f("ck_access_log_entry_actor_role")
    foreign_key = op.f("fk_access_log_entry_app_id_smart_app")
    column = sa.Column("app_id", sa.Integer(), nullable=True)
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("access_log_entry", column)
        op.create_foreign_key(foreign_key, "access_log_entry", "smart_app", ["app_id"], ["id"])
        op.drop_constraint(check, "access_log_entry", type_="check")
        op.create_check_constraint(check, "access_log_entry", ROLES_AFTER)
        return
    with op.batch_alter_table("access_log_entry", recreate="always") as batch:
        batch.add_column(column)
        batch.create_foreign_key(foreign_key, "smart_app", ["app_id"], ["id"])
        batch.drop_constraint(check, type_="check")
        batch.create_check_constraint(check, ROLES_AFTER)
    for statement in APPEND_ONLY_SQLITE:
        op.execute(statement)


def upgrade() -> None:
    """Apply this migration."""
    _apps()
    _access_log()


def downgrade() -> None:
    """Undo this migration, but for the role CHECK: "self" stays allowed, for the log is never
    rewritten and may hold reads through apps (`flask demo --reset` goes down through here).
    The older code never writes "self"."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("fk_access_log_entry_app_id_smart_app"), "access_log_entry",
                           type_="foreignkey")
        op.drop_column("access_log_entry", "app_id")
    else:
        with op.batch_alter_table("access_log_entry", recreate="always") as batch:
            batch.drop_column("app_id")
        for statement in APPEND_ONLY_SQLITE:
            op.execute(statement)
    for table in ("smart_token", "smart_code", "smart_connection", "smart_app"):
        op.drop_table(table)
