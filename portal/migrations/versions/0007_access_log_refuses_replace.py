"""The access log refuses REPLACE on SQLite and TRUNCATE on PostgreSQL

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 04:00:00

SQLite's INSERT OR REPLACE deletes the old row without firing the delete trigger: a trigger
before every insert refuses an id that is already there. On PostgreSQL a statement trigger
refuses TRUNCATE (the app's own role cannot truncate or disable triggers at all, as it does
not own the table; see portal/roles.py). An UPSERT's update is refused by the update trigger.
"""

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

SQLITE = """CREATE TRIGGER access_log_no_replace BEFORE INSERT ON access_log_entry
    WHEN EXISTS (SELECT 1 FROM access_log_entry WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END"""
POSTGRESQL = """CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log_entry
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()"""


def upgrade() -> None:
    """Apply this migration."""
    op.execute(POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE)


def downgrade() -> None:
    """Undo this migration."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER access_log_no_truncate ON access_log_entry")
    else:
        op.execute("DROP TRIGGER access_log_no_replace")
