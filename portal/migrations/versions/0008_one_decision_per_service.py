"""One decision per service: each service of a decision has its own outcome, period, scope, fee

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 05:00:00

DOMAIN.md, "Applications": one decision per service. A decision made before this gave one
outcome, scope and monthly fee for the whole application: each of its services gets a part
with that outcome and scope, the fee rule of the service, and the fee where the rule has an
amount; a granted part starts on the day of the decision.
"""

from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# The fee rules of the catalogue as they were when this migration was written.
FEE_RULES = {"home_nursing": "free", "practical_assistance": "per_month",
             "safety_alarm": "per_month", "short_term_stay": "per_day",
             "long_term_place": "by_income", "relief_care": "free", "bpa": "free",
             "day_centre": "per_day", "meal_delivery": "per_meal"}
WITH_AMOUNT = ("per_day", "per_month", "per_meal")
OSLO = ZoneInfo("Europe/Oslo")


def upgrade() -> None:
    """Apply this migration: add the parts, move each decision's scope and fee into them.

    The old decisions are read first: on SQLite, rebuilding the decision table deletes it,
    which would cascade to parts already written.
    """
    old = op.get_bind().execute(sa.text(
        "SELECT d.id, d.outcome, d.scope, d.fee_nok, d.decided_at, a.services FROM decision d "
        "JOIN application a ON a.id = d.application_id").columns(
        decided_at=portal.db.UTCDateTime(), services=sa.JSON())).all()
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_decision_fee'), type_='check')
        batch_op.drop_column('fee_nok')
        batch_op.drop_column('scope')
    parts = op.create_table(
        'service_decision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('decision_id', sa.Integer(), nullable=False),
        sa.Column('service', sa.String(length=30), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=True),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.Column('scope', sa.Text(), nullable=True),
        sa.Column('fee_rule', sa.String(length=20), nullable=False),
        sa.Column('fee_nok', sa.Integer(), nullable=True),
        sa.CheckConstraint("outcome IN ('granted', 'partly_granted', 'refused')",
                           name=op.f('ck_service_decision_outcome')),
        sa.CheckConstraint("fee_rule IN ('free', 'per_day', 'per_month', 'by_income', "
                           "'per_meal')", name=op.f('ck_service_decision_fee_rule')),
        sa.CheckConstraint('fee_nok IS NULL OR fee_nok >= 0', name=op.f('ck_service_decision_fee')),
        sa.CheckConstraint("outcome = 'refused' OR starts_on IS NOT NULL",
                           name=op.f('ck_service_decision_granted_from')),
        sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on',
                           name=op.f('ck_service_decision_period')),
        sa.ForeignKeyConstraint(['decision_id'], ['decision.id'],
                                name=op.f('fk_service_decision_decision_id_decision'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_decision')),
        sa.UniqueConstraint('decision_id', 'service',
                            name=op.f('uq_service_decision_decision_id_service')),
    )
    with op.batch_alter_table('service_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_decision_decision_id'), ['decision_id'],
                              unique=False)
    rows = []
    for decision_id, outcome, scope, fee, decided_at, services in old:
        for code in services or ():
            rule = FEE_RULES.get(code, "free")
            rows.append({"decision_id": decision_id, "service": code, "outcome": outcome,
                         "starts_on": None if outcome == "refused" else
                         decided_at.astimezone(OSLO).date(),
                         "ends_on": None, "scope": scope, "fee_rule": rule,
                         "fee_nok": fee if rule in WITH_AMOUNT and outcome != "refused" else None})
    if rows:
        op.bulk_insert(parts, rows)


def downgrade() -> None:
    """Undo this migration: a decision keeps the scope and fee of its first part."""
    first = op.get_bind().execute(sa.text(
        "SELECT decision_id, scope, fee_nok FROM service_decision ORDER BY id DESC")).all()
    with op.batch_alter_table('service_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_decision_decision_id'))
    op.drop_table('service_decision')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('fee_nok', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('fee', 'fee_nok IS NULL OR fee_nok >= 0')
    kept = {decision_id: (scope, fee) for decision_id, scope, fee in first}  # the first wins
    for decision_id, (scope, fee) in kept.items():
        op.execute(sa.text("UPDATE decision SET scope = :scope, fee_nok = :fee WHERE id = :id")
                   .bindparams(scope=scope, fee=fee, id=decision_id))
