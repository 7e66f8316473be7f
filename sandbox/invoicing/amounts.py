"""Amounts as the invoice arithmetic reads and writes them: row values in, Decimal inside,
BC's JSON numbers out, rounded to cents the way BC rounds."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["ZERO", "Row", "dec", "round_amount", "wire_number"]

ZERO = Decimal(0)
_CENT = Decimal("0.01")

Row = dict[str, object]


def dec(value: object) -> Decimal:
    """A row value as Decimal; floats go through their repr so 780.7 stays 780.7."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):  # bool is an int; a bool here is a caller's bug
        raise TypeError("a boolean is not an amount")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        return Decimal(value) if value else ZERO
    raise TypeError(f"not a number: {value!r}")


def wire_number(value: Decimal) -> int | float:
    """Decimal -> JSON number as BC prints it: `4` not `4.0`, `3122.8`."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def round_amount(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)
