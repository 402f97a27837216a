"""capture tokens (a phone's short-lived right to upload photos for one design); feet as typed

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-01 01:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'capture_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('design_id', sa.Integer(), nullable=False),
        sa.Column('token_sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['design_id'], ['design.id'], name=op.f('fk_capture_token_design_id_design'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_capture_token')),
        sa.UniqueConstraint('token_sha256', name=op.f('uq_capture_token_token_sha256')),
    )


    with op.batch_alter_table('design', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feet_entered', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('design', schema=None) as batch_op:
        batch_op.drop_column('feet_entered')
    op.drop_table('capture_token')
