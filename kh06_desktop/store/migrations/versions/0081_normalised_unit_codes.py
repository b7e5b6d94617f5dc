"""Unit codes normalised as DESIGN 6.3 says (NFKC, trimmed, upper case; 2-40 of A-Z 0-9 . _ -).

Files are compared by their normalised code since this version; a unit stored before under
`demo-1` would otherwise never meet its own files again. A code is rewritten only when its
normalised form is valid and no other unit already has it (two units that normalise alike are
left for the officer to sort out).

Revision ID: 0081
Revises: 0080
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0081"
down_revision = "0080"
branch_labels = None
depends_on = None

_VALID = re.compile(r"^[A-Z0-9._-]{2,40}$")


def upgrade() -> None:
    connection = op.get_bind()
    unit = sa.table("unit", sa.column("id", sa.Integer), sa.column("code", sa.String))
    rows = connection.execute(sa.select(unit.c.id, unit.c.code)).all()
    taken = {code for _, code in rows}
    for unit_id, code in rows:
        normal = unicodedata.normalize("NFKC", code or "").strip().upper()
        if normal != code and _VALID.match(normal) and normal not in taken:
            connection.execute(sa.update(unit).where(unit.c.id == unit_id).values(code=normal))
            taken.discard(code)
            taken.add(normal)


def downgrade() -> None:
    pass  # the old spellings are not kept: normalised codes are valid codes for every version
