"""Column types and mixins of the domain model: exact money, CHECK helpers, a row's stable reference, provenance."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, String, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

from samen_data.store.vocab import BRONNEN

# Stable constraint names so that Alembic migrations are identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Euro(TypeDecorator[Decimal]):
    """Money as whole cents in a BIGINT: exact on every backend (SQLite has no decimal type)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | str | None, dialect) -> int | None:
        if value is None:
            return None
        cents = Decimal(str(value)) * 100
        if cents != cents.to_integral_value():
            raise ValueError(f"bedrag {value} heeft meer dan twee decimalen")
        return int(cents)

    def process_result_value(self, value: int | None, dialect) -> Decimal | None:
        return None if value is None else (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


def in_values(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def kenmerk_column(prefix: str):
    """A row's stable reference: the natural key of imports and exports (e.g. a payment's own number).

    A row entered without one gets a random reference; imports and the demo bring their own.
    """
    return mapped_column(
        String(40), unique=True, index=True, default=lambda: f"{prefix}-{uuid.uuid4().hex[:10].upper()}"
    )


class Herkomst:
    """Provenance of a fact row: source document, imported, entered in the app, or synthetic demo."""

    bron: Mapped[str] = mapped_column(String(12), default="invoer")
    bron_document: Mapped[str | None] = mapped_column(String(200))

    @classmethod
    def _bron_check(cls) -> CheckConstraint:
        return CheckConstraint(in_values("bron", BRONNEN), name="bron")
