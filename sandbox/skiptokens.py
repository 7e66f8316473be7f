"""`$skiptoken`: where BC's next page starts.

BC puts the key of the last entity sent in the nextLink's `$skiptoken`
(`$skiptoken='01905893'`, MicrosoftDocs/dynamics365smb-devitpro-pb#1528), and the next
page holds the entities after it, so rows inserted or deleted before it move nothing.
Here the token holds the last row's values of every sort key (the `$orderby` keys, then
the table's key, then the id), as OData literals separated by commas
(`$skiptoken='Atlanta','V00040',5f0c…`): BC's exact encoding for a sorted query is not
documented, and clients follow nextLinks without reading them. The next page is the rows
that sort strictly after those values.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from bcmodel import Edm, Entity
from sandbox.collation import text_key
from sandbox.errors import bad_request
from sandbox.filter.operands import moment
from sandbox.options import split_top
from sandbox.store import Record


def sort_key(entity: Entity, name: str) -> Callable[[Any], Any]:
    """What a field's values are ordered by, as BC's database orders them."""
    field = entity.field(name)
    kind = field.type if field is not None else None
    if kind is Edm.STRING:
        return lambda value: text_key(str(value))
    if kind is Edm.ENUM and field is not None and field.enum is not None:
        # An AL enum is stored as its ordinal: ordered by declaration, not by name.
        ordinals = {wire: i for i, wire in enumerate(field.enum.wire_values)}
        return lambda value: ordinals.get(value, -1)
    if kind is Edm.GUID:
        return lambda value: str(value).lower()
    if kind is Edm.DATETIME:
        return lambda value: moment(str(value))
    if kind in (Edm.DECIMAL, Edm.INT32, Edm.INT64):
        return lambda value: Decimal(str(value))
    return lambda value: value


def token(record: Record, entity: Entity, keys: Sequence[tuple[str, bool]]) -> str:
    return ",".join(_literal(entity, name, record.row[name]) for name, _ in keys)


def after(
    ordered: list[Record], entity: Entity, keys: Sequence[tuple[str, bool]], skiptoken: str
) -> list[Record]:
    """The rows of `ordered` (sorted by `keys`) that sort strictly after the token's."""
    parts = split_top(skiptoken, ",")
    if len(parts) != len(keys):
        raise _invalid(skiptoken)
    makers = [sort_key(entity, name) for name, _ in keys]
    try:
        mark = [
            make(_value(entity, name, part))
            for (name, _), make, part in zip(keys, makers, parts, strict=True)
        ]
    except (ValueError, InvalidOperation):
        raise _invalid(skiptoken) from None
    for index, record in enumerate(ordered):
        if _follows(
            [make(record.row[name]) for (name, _), make in zip(keys, makers, strict=True)],
            mark,
            keys,
        ):
            return ordered[index:]
    return []


def _follows(values: list[Any], mark: list[Any], keys: Sequence[tuple[str, bool]]) -> bool:
    for value, marked, (_, descending) in zip(values, mark, keys, strict=True):
        if value != marked:
            return bool(value < marked) if descending else bool(value > marked)
    return False  # the marked row itself


def _literal(entity: Entity, name: str, value: Any) -> str:
    field = entity.field(name)
    if isinstance(value, bool):
        return "true" if value else "false"
    if field is not None and field.type in (Edm.STRING, Edm.ENUM):
        return "'" + str(value).replace("'", "''") + "'"
    return str(value)


def _value(entity: Entity, name: str, text: str) -> Any:
    field = entity.field(name)
    kind = field.type if field is not None else None
    if kind in (Edm.STRING, Edm.ENUM):
        if len(text) < 2 or text[0] != "'" or text[-1] != "'":
            raise ValueError(text)
        return text[1:-1].replace("''", "'")
    if kind is Edm.BOOLEAN:
        if text not in ("true", "false"):
            raise ValueError(text)
        return text == "true"
    # Each check raises ValueError for text that is not of its type.
    if kind is Edm.DATETIME:
        moment(text)
    elif kind is Edm.DATE:
        date.fromisoformat(text)
    elif kind is Edm.GUID:
        uuid.UUID(text)
    elif kind in (Edm.DECIMAL, Edm.INT32, Edm.INT64):
        Decimal(text)
    return text


def _invalid(skiptoken: str) -> Exception:
    return bad_request(f"The skip token '{skiptoken}' is not valid for this request.")
