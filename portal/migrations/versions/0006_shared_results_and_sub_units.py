"""Young people share all test results, not hospital ones; units may serve their sub-units

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 03:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

CATEGORIES = "category IN ('{}', 'notes_documents', 'medications', 'problems_plans')"


def _categories(old: str, new: str) -> None:
    """Rename a share category in the rows and in the check that lists them."""
    with op.batch_alter_table('youth_share', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_youth_share_category'), type_='check')
    op.execute(sa.text("UPDATE youth_share SET category = :new WHERE category = :old")
               .bindparams(old=old, new=new))
    with op.batch_alter_table('youth_share', schema=None) as batch_op:
        batch_op.create_check_constraint('category', CATEGORIES.format(new))


def upgrade() -> None:
    """Apply this migration: "hospital_results" becomes "results"; covers_sub_units."""
    _categories("hospital_results", "results")
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('covers_sub_units', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    """Undo this migration."""
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('covers_sub_units')
    _categories("results", "hospital_results")
