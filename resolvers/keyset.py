"""The rows after a sort key's value, said in terms BC surely takes.

A keyset page asks BC for the rows whose sort key is past the cursor's value. For text,
numbers and dates that is `gt` (or `lt` descending), which BC's filter documentation pairs
with AL's `>` (and shows on numbers). For booleans and enums it shows none, and does not
say whether its service accepts them: OData 4.01 allows ordering comparisons on every
primitive type but binary, stream and geo (`true` greater than `false`) and gives
enumerations no order, while BC compares its enums, sent as encoded member names, by
ordinal in AL. So neither is sent as `gt`/`lt`:

* a boolean has two values: `gt false` is `eq true`, `lt true` is `eq false`, and nothing
  follows `true` ascending or `false` descending (the level is left out);
* an enum's members are in their declaration order, BC's sort order: the members after
  the value are the ones that are neither it nor declared before it (`ne` on each,
  `and`ed, so a member the model does not know is kept rather than lost), and those
  before it descending are named (`eq`, `or`ed on the one field, which BC allows).

GUIDs keep `gt`/`lt`: no equality can say "after", and SQL Server compares them as it sorts
them. Whether BC accepts that is unconfirmed (docs/paging.md); a filter that pins the key
(`documentId eq …`) sends none.
"""

from __future__ import annotations

from typing import Any

from bcmodel import Edm, Entity, EnumType
from gateway.bc import odata
from gateway.errors import BadUserInput


def past(entity: Entity, name: str, descending: bool, value: Any) -> odata.Expr | None:
    """The rows whose `name` sorts after `value` (before it when descending); None when no
    value can."""
    prop = odata.prop(name, entity)
    field = entity.field(name)
    if field is not None and field.type is Edm.BOOLEAN:
        if bool(value) is (not descending):
            return None
        return prop.eq(not descending)
    if field is not None and field.type is Edm.ENUM and field.enum is not None:
        position = _position(field.enum, value)
        if descending:
            before = field.enum.members[:position]
            if not before:
                return None
            return odata.or_(*(prop.eq(m) for m in before))
        return odata.and_(*(prop.ne(m) for m in field.enum.members[: position + 1]))
    return prop.compare("lt" if descending else "gt", value)


def _position(enum: EnumType, value: Any) -> int:
    for names in (enum.wire_values, enum.members):
        if value in names:
            return names.index(value)
    raise BadUserInput(f"{value!r} is not a value of {enum.name}.")
