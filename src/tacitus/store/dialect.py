"""The few places where SQLite and PostgreSQL SQL differ, kept in one spot.

The rest of the store writes portable SQL with ``?`` placeholders and the
``{json}``, ``{autoid}``, ``{float}`` and ``{bigint}`` type tokens of the
migrations; a :class:`Dialect` turns that into the backend's own spelling and
knows how to open a transaction, take the migration lock and read JSON back.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_PLACEHOLDER = re.compile(r"\?")


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one backend spells the non-portable bits of the store's SQL."""
    name: str
    placeholder: str      # what ``?`` becomes
    json_type: str        # column type for JSON documents
    autoid: str           # an auto-numbered integer primary key column
    float_type: str       # 8-byte float (lat/lon must round-trip exactly)
    bigint_type: str
    begin_write: str      # statement that opens a write transaction
    no_limit: str         # LIMIT value meaning "all rows" (needed before OFFSET)

    def sql(self, statement: str) -> str:
        """Rewrite portable SQL (``?`` placeholders) for this backend.

        The store's SQL holds no literal ``?`` or ``%``, so a plain swap is safe.
        """
        if self.placeholder == "?":
            return statement
        return _PLACEHOLDER.sub(self.placeholder, statement)

    def ddl(self, statement: str) -> str:
        """Fill the type tokens of a migration statement."""
        return statement.format(json=self.json_type, autoid=self.autoid,
                                float=self.float_type, bigint=self.bigint_type)

    def limit(self, limit: int | None, offset: int = 0) -> str:
        """A ``LIMIT ... OFFSET ...`` clause (values are ints, checked here)."""
        if limit is None and not offset:
            return ""
        lim = self.no_limit if limit is None else str(max(0, int(limit)))
        return f" LIMIT {lim} OFFSET {max(0, int(offset))}"

    def load_json(self, value: Any) -> Any:
        """JSON column value -> Python (psycopg already decodes JSON columns)."""
        if value is None or not isinstance(value, (str, bytes)):
            return value
        return json.loads(value)


SQLITE = Dialect(
    name="sqlite", placeholder="?", json_type="TEXT",
    autoid="INTEGER PRIMARY KEY AUTOINCREMENT", float_type="DOUBLE PRECISION",
    bigint_type="INTEGER", begin_write="BEGIN IMMEDIATE", no_limit="-1",
)

# ``JSON`` rather than ``JSONB``: JSONB reorders keys, and exports must give the
# contract dicts back with their keys in the original order.
POSTGRES = Dialect(
    name="postgresql", placeholder="%s", json_type="JSON",
    autoid="BIGSERIAL PRIMARY KEY", float_type="DOUBLE PRECISION",
    bigint_type="BIGINT", begin_write="BEGIN", no_limit="ALL",
)


def dump_json(value: Any) -> str:
    """Python -> JSON text for a JSON column (compact, non-ASCII kept)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
