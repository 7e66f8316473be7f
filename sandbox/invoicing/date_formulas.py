"""AL date formulas (`30D`, `1M`, `CM+10D`): how a payment term turns a document date into
a due date."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

__all__ = ["due_date"]

_TERM = r"[+-]?(?:\d{1,4}[DWMQY]|C[DWMQY])"
_FORMULA = re.compile(rf"{_TERM}(?:[+-](?:\d{{1,4}}[DWMQY]|C[DWMQY]))*")
_TERMS = re.compile(r"([+-]?)(?:(\d{1,4})([DWMQY])|C([DWMQY]))")


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    # AL clamps to the month's end: Jan 31 + 1M = Feb 28 (29 in a leap year).
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period_edge(day: date, unit: str, *, end: bool) -> date:
    if unit == "D":
        return day
    if unit == "W":  # AL weeks run Monday..Sunday
        monday = day - timedelta(days=day.weekday())
        return monday + timedelta(days=6) if end else monday
    if unit == "M":
        first_month = last_month = day.month
    elif unit == "Q":
        first_month = (day.month - 1) // 3 * 3 + 1
        last_month = first_month + 2
    else:  # Y
        first_month, last_month = 1, 12
    if end:
        return date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return date(day.year, first_month, 1)


def due_date(document_date: date, formula: str) -> date:
    """Apply an AL DateFormula (`30D`, `1M`, `CM`, `CM+1M`, `-1D`, `<1M+CM>`) to a date.

    Terms apply left to right. `C<unit>` moves to the end of the current day,
    week, month, quarter or year; `-C<unit>` to its start, as in AL.
    """
    text = formula.strip().upper().replace(" ", "")
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if not text:
        return document_date
    if not _FORMULA.fullmatch(text):
        raise ValueError(
            f"The date formula {formula} is not valid. Use terms like 10D, 2W, 1M, 1Q, 1Y "
            "or CD, CW, CM, CQ, CY, joined with + or - (for example CM+10D)."
        )
    result = document_date
    try:
        for sign, count, unit, current in _TERMS.findall(text):
            if current:
                result = _period_edge(result, current, end=sign != "-")
                continue
            n = -int(count) if sign == "-" else int(count)
            if unit == "D":
                result += timedelta(days=n)
            elif unit == "W":
                result += timedelta(weeks=n)
            else:
                result = _add_months(result, n * {"M": 1, "Q": 3, "Y": 12}[unit])
    except (OverflowError, ValueError) as exc:
        raise ValueError(
            f"The date formula {formula} is not valid: the date falls outside the calendar."
        ) from exc
    return result
