"""The descriptions of generated fields: what bcmodel says a BC field is, plus what the
field does where it appears (a record's field, a filter, a sort key, a mutation input),
including what null and blank mean there.

BC stores no nulls: a field without a value holds its blank. Records serve blank GUIDs
and dates as null (resolvers/rows.py); filters match blanks with `eq: null`
(schema/filters.py); an update clears a field to its blank with null (resolvers/inputs.py).
"""

from __future__ import annotations

from bcmodel import Edm, Entity, Field


def record_field(entity: Entity, field: Field, *, non_null: bool) -> str:
    parts = [field.description]
    if not entity.read_only and not field.writable and field.name != entity.key:
        parts.append("Read-only.")
    if not non_null and field.type is Edm.GUID:
        parts.append("null when there is none (BC holds the empty GUID).")
    elif not non_null and field.type is Edm.DATE:
        parts.append("null when blank (BC holds 0001-01-01).")
    return " ".join(parts)


def stream_field(field: Field) -> str:
    return (
        f"{field.description} Here base64-encoded (RFC 4648), empty for no content. Read "
        "from BC only when selected, with one BC call per record: selected on a page of "
        "50 records, it costs 50 calls."
    )


def filter_field(field: Field) -> str:
    if field.type is Edm.ENUM:
        assert field.enum is not None
        blank = " (BLANK for BC's blank)" if not field.enum.members[0].strip() else ""
        role = f"Rows whose `{field.name}` is this value{blank}; null is refused."
    elif field.type is Edm.BOOLEAN:
        role = f"Rows whose `{field.name}` is this value; null is refused."
    else:
        role = f"Rows whose `{field.name}` matches."
    return f"{role} {field.description}"


def sort_key(field: Field) -> str:
    return f"Sorts by `{field.name}`. {field.description}"


def _limit(field: Field) -> str | None:
    if field.type is not Edm.STRING or field.max_length is None:
        return None
    if field.code:
        return f"A code of at most {field.max_length} characters; BC stores it uppercased."
    return f"At most {field.max_length} characters."


def create_input(entity: Entity, field: Field) -> str:
    required = field.name in entity.required
    parts = [field.description, _limit(field), "Required." if required else None]
    return " ".join(p for p in parts if p)


def update_input(entity: Entity, field: Field) -> str:
    parts = [field.description, _limit(field), _clearing(entity, field)]
    return " ".join(p for p in parts if p)


def _clearing(entity: Entity, field: Field) -> str:
    """What null does to this field in an update (resolvers/inputs.py: update_body, blank)."""
    if field.name in entity.required:
        return "null is refused: it cannot be cleared."
    if field.type is Edm.ENUM:
        assert field.enum is not None
        if field.enum.members[0].strip():
            return "null is refused: choose a value."
        return "null sets it to BLANK."
    return {
        Edm.STRING: "null clears it to empty text.",
        Edm.GUID: "null clears it (to BC's empty GUID).",
        Edm.DATE: "null clears it (to BC's 0001-01-01).",
        Edm.DECIMAL: "null sets it to 0.",
        Edm.INT32: "null sets it to 0.",
        Edm.BOOLEAN: "null sets it to false.",
    }.get(field.type, "null clears it.")
