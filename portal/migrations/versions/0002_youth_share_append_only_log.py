"""Youth sharing, and an access log the database keeps append-only.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:52:24.715926
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


APPEND_ONLY_SQLITE = [
    """CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log_entry
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
    """CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log_entry
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
]
APPEND_ONLY_POSTGRESQL = [
    """CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$""",
    """CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log_entry
       FOR EACH ROW EXECUTE FUNCTION access_log_append_only()""",
]


def upgrade() -> None:
    """Apply this migration."""
    statements = (APPEND_ONLY_POSTGRESQL if op.get_bind().dialect.name == "postgresql"
                  else APPEND_ONLY_SQLITE)
    for statement in statements:
        op.execute(statement)
    op.create_table('youth_share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("category IN ('hospital_results', 'notes_documents', 'medications', 'problems_plans')", name=op.f('ck_youth_share_category')),
    sa.CheckConstraint('child_id <> parent_id', name=op.f('ck_youth_share_not_self')),
    sa.ForeignKeyConstraint(['child_id'], ['person.id'], name=op.f('fk_youth_share_child_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['person.id'], name=op.f('fk_youth_share_parent_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youth_share'))
    )
    with op.batch_alter_table('youth_share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_youth_share_child_id'), ['child_id'], unique=False)
        batch_op.create_index('uq_youth_share_active', ['child_id', 'parent_id', 'category'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))



def downgrade() -> None:
    """Undo this migration."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER access_log_append_only ON access_log_entry")
        op.execute("DROP FUNCTION access_log_append_only()")
    else:
        op.execute("DROP TRIGGER access_log_no_update")
        op.execute("DROP TRIGGER access_log_no_delete")
    with op.batch_alter_table('youth_share', schema=None) as batch_op:
        batch_op.drop_index('uq_youth_share_active', sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_youth_share_child_id'))

    op.drop_table('youth_share')
