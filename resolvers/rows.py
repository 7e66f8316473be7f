"""BC rows as GraphQL serves them: `@odata.etag` becomes `etag`, BC's blanks become null
(BC never sends null: an empty GUID or the 0001-01-01 date means "none"), expanded
navigation is converted too, and each row remembers its company for follow-up calls."""

from __future__ import annotations

from typing import Any

from bcmodel import Edm, Entity, Registry

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
EMPTY_DATE = "0001-01-01"
COMPANY_KEY = "_company"
# Which entity a row is, for GraphQL's type checks on interfaces and unions.
ENTITY_KEY = "_entity"

Row = dict[str, Any]


# Read once: in Python 3.11 `Edm.GUID` is a descriptor lookup on the Enum class, and this
# runs for every property of every row (profiled: to_row was 5% of a Q1's CPU).
_GUID, _DATE, _DATETIME = Edm.GUID, Edm.DATE, Edm.DATETIME


def to_row(raw: dict[str, Any], entity: Entity, company_id: str, registry: Registry) -> Row:
    row: Row = {COMPANY_KEY: company_id, ENTITY_KEY: entity.ref}
    # One dict lookup per value: a plain field is the common case, and it is copied as is.
    types = entity.field_types
    for key, value in raw.items():
        kind = types.get(key)
        if kind is None:
            if key == "@odata.etag":
                row["etag"] = value
            elif key[0] != "@":
                _navigation(row, key, value, entity, company_id, registry)
        elif kind is _GUID:
            row[key] = None if value == EMPTY_GUID else value
        elif kind is _DATE:
            row[key] = None if value == EMPTY_DATE else value
        elif kind is _DATETIME and isinstance(value, str) and value.startswith("0001-"):
            row[key] = None
        else:
            row[key] = value
    return row


def _navigation(
    row: Row, key: str, value: Any, entity: Entity, company_id: str, registry: Registry
) -> None:
    """An expanded navigation property, converted as its target's rows."""
    nav = entity.nav(key)
    target = registry.in_route(entity.route, nav.target) if nav else None
    if target is None:
        return
    if isinstance(value, list):
        row[key] = [to_row(item, target, company_id, registry) for item in value]
    elif isinstance(value, dict):
        row[key] = to_row(value, target, company_id, registry)
    else:
        row[key] = None


def to_rows(
    raw: list[dict[str, Any]], entity: Entity, company_id: str, registry: Registry
) -> list[Row]:
    return [to_row(item, entity, company_id, registry) for item in raw]
