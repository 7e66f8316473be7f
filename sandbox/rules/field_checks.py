"""The declared facts of a record's fields that BC checks on write (`Field.date_formula`,
`email`, `phone`, `lookup`), whatever the entity."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from bcmodel import Entity
from bcmodel.edm import Field, encode_name
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


def check_lookup(ctx: WriteContext, entity: Entity, field: Field, value: str) -> None:
    """A Code field's TableRelation: the platform refuses a value no related record has."""
    lookup = field.lookup
    if lookup is None or not value:
        return
    target = lookup.target if lookup.hidden else entity.route.ref(lookup.target)
    related = [r.row for r in ctx.store.records(ctx.scope, target)]
    if any(row[lookup.key] == value for row in related):
        return
    table, caption = lookup.table, field.caption or field.name
    # The company's setup picks the related table; its records all say which.
    setup = str(related[0][lookup.by]) if related and lookup.by else None
    for variant in lookup.variants:
        if setup == encode_name(variant.value):
            table, caption = variant.table, variant.caption
    raise ODataError(
        400,
        "Internal_InvalidTableRelation",
        f"The field {caption} of table {entity.table_caption} contains a "
        f"value ({value}) that cannot be found in the related table ({table}).",
    )


def check_fields(ctx: WriteContext, entity: Entity, row: Row) -> None:
    """The declared facts of each field (`Field.date_formula`, `email`, `phone`, `lookup`)."""
    for f in entity.fields:
        if f.date_formula:
            check_date_formula(f.name, row[f.name])
        if f.email:
            check_email(row[f.name])
        if f.phone:
            check_phone(entity, f, row)
        check_lookup(ctx, entity, f, str(row[f.name]))


def key_caption(field: str) -> str:
    """The caption of a table key field, as BC names it in messages."""
    return {"number": "No.", "code": "Code"}.get(field, field)
