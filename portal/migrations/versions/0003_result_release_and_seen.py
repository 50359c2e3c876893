"""Result release by a clinician, and when results were last seen

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:04:42.908323
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table('results_seen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('viewer_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['person.id'], name=op.f('fk_results_seen_subject_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['viewer_id'], ['person.id'], name=op.f('fk_results_seen_viewer_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results_seen')),
    sa.UniqueConstraint('viewer_id', 'subject_id', name=op.f('uq_results_seen_viewer_id_subject_id'))
    )
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('released_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_observation_released_by_id_practitioner'), 'practitioner', ['released_by_id'], ['id'])



def downgrade() -> None:
    """Undo this migration."""
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_observation_released_by_id_practitioner'), type_='foreignkey')
        batch_op.drop_column('released_by_id')

    op.drop_table('results_seen')
