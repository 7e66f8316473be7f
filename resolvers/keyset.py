"""The rows after a sort key's value, said in terms BC surely takes.

A keyset page asks BC for the rows whose sort key is past the cursor's value. For text,
numbers and dates that is `gt` (or `lt` descending), which BC's documentation shows as the
AL filter `>`. For a boolean or an enum BC's documentation shows no ordering comparison at
all (its filter table has them only with `eq`); OData 4.01 orders booleans (false < true)
but says nothing of enumerations' order outside `has`, and BC's enums travel as encoded
member names, which it compares by their ordinal in AL. So neither is sent as `gt`/`lt`:

* a boolean has two values: `gt false` is `eq true`, `lt true` is `eq false`, and nothing
  follows `true` ascending or `false` descending (the level is left out);
* an enum's members are in their declaration order, BC's sort order: the members after
  the value are the ones that are not it nor before it (`ne` on each, `and`ed: members
  the model does not know, an extension's, have the higher ordinals and still come
  after), and those before it descending are named (`eq`, `or`ed on the one field, which
  BC allows).

GUIDs keep `gt`/`lt`: OData allows ordering comparisons on Edm.Guid, BC turns them into AL
range filters on the GUID field, and SQL Server compares them as it sorts them.
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
