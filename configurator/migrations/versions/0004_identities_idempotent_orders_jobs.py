"""shopper token, idempotent orders, one live order per design, jobs

Revision ID: 0004
Revises: 0003

"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

LIVE = sa.text("status <> 'cancelled'")


def upgrade():
    with op.batch_alter_table('order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shopper_token', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('request_sha256', sa.String(length=64), nullable=True))
    # Existing orders get a new shopper link of their own; their old link (the public id) stops opening the page.
    conn = op.get_bind()
    order = sa.table('order', sa.column('id', sa.Integer), sa.column('shopper_token', sa.String))
    for (order_id,) in conn.execute(sa.select(order.c.id)).all():
        conn.execute(order.update().where(order.c.id == order_id).values(shopper_token=secrets.token_urlsafe(16)))
    with op.batch_alter_table('order', schema=None) as batch_op:
        batch_op.alter_column('shopper_token', existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_order_shopper_token'), ['shopper_token'])
        batch_op.create_unique_constraint(batch_op.f('uq_order_idempotency_key'), ['idempotency_key'])
    op.create_index('uq_order_live_design', 'order', ['design_id'], unique=True,
                    sqlite_where=LIVE, postgresql_where=LIVE)
    with op.batch_alter_table('last', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inputs_sha256', sa.String(length=64), nullable=True))
    op.create_table(
        'job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('design_id', sa.Integer(), nullable=True),
        sa.Column('inputs_sha256', sa.String(length=64), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('error_code', sa.String(length=40), nullable=True),
        sa.Column('error_message', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['design_id'], ['design.id'], name=op.f('fk_job_design_id_design'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
        sa.UniqueConstraint('public_id', name=op.f('uq_job_public_id')),
    )


def downgrade():
    op.drop_table('job')
    with op.batch_alter_table('last', schema=None) as batch_op:
        batch_op.drop_column('inputs_sha256')
    op.drop_index('uq_order_live_design', table_name='order')
    with op.batch_alter_table('order', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_order_idempotency_key'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_order_shopper_token'), type_='unique')
        batch_op.drop_column('request_sha256')
        batch_op.drop_column('idempotency_key')
        batch_op.drop_column('shopper_token')
