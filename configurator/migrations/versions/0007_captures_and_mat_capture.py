"""design captures (photo evidence) and mat captures

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-01 01:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('design', schema=None) as batch_op:
        batch_op.add_column(sa.Column('captures', sa.JSON(), nullable=True))
    op.create_table(
        'mat_capture',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=32), nullable=False),
        sa.Column('design_id', sa.Integer(), nullable=False),
        sa.Column('side', sa.String(length=5), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('shots', sa.JSON(), nullable=False),
        sa.Column('result', sa.JSON(), nullable=True),
        sa.Column('mesh_key', sa.String(length=200), nullable=True),
        sa.Column('foot_mesh_key', sa.String(length=200), nullable=True),
        sa.Column('preview_key', sa.String(length=200), nullable=True),
        sa.Column('error_code', sa.String(length=40), nullable=True),
        sa.Column('error_message', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('delete_after', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['design_id'], ['design.id'], name=op.f('fk_mat_capture_design_id_design')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mat_capture')),
        sa.UniqueConstraint('public_id', name=op.f('uq_mat_capture_public_id')),
    )


def downgrade():
    op.drop_table('mat_capture')
    with op.batch_alter_table('design', schema=None) as batch_op:
        batch_op.drop_column('captures')
