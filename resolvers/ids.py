"""Ids the gateway derives, for objects whose BC id does not name what they hold.

A normalised client cache (Apollo's InMemoryCache, urql's graphcache) keeps one object per
`__typename` and `id`: two objects with one id but different content overwrite each other,
and the page shows the wrong numbers without an error. BC's balance sheet line ids repeat
for every date, and a record event's subject repeats for every change, so both get an id
of their own here: a UUID (the contract's type for ids) derived with uuid5 from what makes
the object what it is, so the same thing read twice keeps its id.
"""

from __future__ import annotations

import datetime as dt
import uuid

# Fixed forever: changing it would change every derived id a client has cached.
_NAMESPACE = uuid.UUID("b3c0a7e2-6f4d-5a19-9c1e-2d8f7e4b6a30")


def balance_sheet_line(company_id: str, line_number: int, date: dt.date) -> str:
    """One line of the balance sheet of one company as of one date."""
    return report_line("BalanceSheetLine", company_id, str(line_number), date.isoformat())


def report_line(type_name: str, company_id: str, key: str, *parameters: str) -> str:
    """One line (`key`) of one report (its GraphQL type) of one company for the parameters
    given, in the order the report declares them."""
    kind = type_name[:1].lower() + type_name[1:]
    return _derive(kind, company_id.lower(), key, *parameters)


def record_event(
    company_id: str, entity_set: str, record_id: str, change: str, occurred_at: str
) -> str:
    """One change of one record: the same change delivered again keeps its id."""
    return _derive(
        "recordEvent", company_id.lower(), entity_set, record_id.lower(), change, occurred_at
    )


def _derive(*parts: str) -> str:
    # "/" cannot occur in GUIDs, dates, numbers, entity set names or change kinds, so
    # different parts cannot run together into the same name.
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))
