"""The checks a field's declaration asks for on every write (`Field.date_formula`, `email`,
`phone`, `lookup`): what BC's table triggers and the platform's TableRelation refuse,
whatever the entity."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from bcmodel import Entity
from bcmodel.edm import EMPTY_GUID, Edm, Field, encode_name
from sandbox.errors import ODataError, dialog
from sandbox.invoicing import due_date
from sandbox.store import Row

if TYPE_CHECKING:
    from sandbox.rules.base import WriteContext


def check_date_formula(name: str, formula: str) -> None:
    try:
        due_date(date(2000, 1, 1), formula)
    except ValueError:
        raise dialog(f"The date formula {formula} in {name} is not valid.") from None


# What BC's Mail Management accepts, approximated: each of the ';'-separated addresses
# has one '@', text before it, a domain with a dot after it, and no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(value: str) -> None:
    for address in filter(None, (a.strip() for a in value.split(";"))):
        if not _EMAIL.match(address):
            raise dialog(f'The email address "{address}" is not valid.')


def check_phone(entity: Entity, field: Field, row: Row) -> None:
    """BC's tables refuse a phone number with a letter in it (Char.IsLetter), with a
    FieldError naming the record by its key (or the table's own message)."""
    if any(ch.isalpha() for ch in str(row[field.name])):
        if field.phone_error:
            raise dialog(field.phone_error)
        key = entity.table_key or "id"
        raise ODataError(
            400,
            "Application_FieldValidationException",
            f"{field.caption or field.name} must not contain letters in {entity.table_caption} "
            f"{key_caption(key)}='{row[key]}'.",
        )


def check_lookup(ctx: WriteContext, entity: Entity, field: Field, row: Row) -> None:
    """A field's TableRelation: the platform refuses a value no related record has."""
    lookup, value = field.lookup, str(row[field.name])
    if lookup is None or value in ("", EMPTY_GUID):
        return
    if lookup.only_if is not None and row.get(lookup.only_if[0]) != lookup.only_if[1]:
        return
    target = lookup.target if lookup.hidden else entity.route.ref(lookup.target)
    wanted = (
        (lookup.key, value),
        *lookup.where,
        *((theirs, str(row[mine])) for theirs, mine in lookup.same),
    )
    related = [r.row for r in ctx.store.records(ctx.scope, target)]
    if any(all(_same(r.get(k), v) for k, v in wanted) for r in related):
        return
    table, caption = lookup.table, field.caption or field.name
    # The company's setup picks the related table; its records all say which.
    setup = str(related[0][lookup.by]) if related and lookup.by else None
    for variant in lookup.variants:
        if setup == encode_name(variant.value):
            table, caption = variant.table, variant.caption
    # The platform writes a GUID as AL's Format does: braced, in capitals.
    shown = f"{{{value.upper()}}}" if field.type is Edm.GUID else value
    raise ODataError(
        400,
        "Internal_InvalidTableRelation",
        f"The field {caption} of table {entity.table_caption} contains a "
        f"value ({shown}) that cannot be found in the related table ({table}).",
    )


def _same(stored: object, wanted: str) -> bool:
    # Codes are stored uppercased and GUIDs compare whatever their case.
    return str(stored).lower() == wanted.lower()


def check_fields(ctx: WriteContext, entity: Entity, row: Row) -> None:
    """The declared facts of each field (`Field.date_formula`, `email`, `phone`, `lookup`)."""
    for f in entity.fields:
        if f.date_formula:
            check_date_formula(f.name, row[f.name])
        if f.email:
            check_email(row[f.name])
        if f.phone:
            check_phone(entity, f, row)
        check_lookup(ctx, entity, f, row)


def key_caption(field: str) -> str:
    """How BC's messages name a table key field: `No.`, `Code`."""
    return {"number": "No.", "code": "Code"}.get(field, field)
