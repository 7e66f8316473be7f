"""Which input field a refusal by BC is about, so that its GraphQL error names the field
as the gateway's own refusals do (`field: "input.currencyCode"`).

BC's messages name a field in one of two ways: the API page's own labels quote the API
name (`The "currencyCode" does not match to a Currency.`), and the platform and the base
tables use the table field's caption, which the declarations state (`Field.caption`:
`The field Country/Region Code of table Vendor contains a value (XX) ...`,
`Phone No. must not contain letters in Vendor No.='V00010'.`). Mail Management quotes the
address it refused (`The email address "x" is not valid.`), found among the email fields
the write gave; a table's own phone message (`Field.phone_error`) names the phone field
the write gave. A message that names no field leaves the error as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bcmodel import Entity
from gateway.errors import BadUserInput

_QUOTED = re.compile(r'"([A-Za-z][A-Za-z0-9]*)"')


def named_field(entity: Entity, message: str, body: Mapping[str, Any]) -> str | None:
    names = set(entity.field_names)
    for quoted in _QUOTED.findall(message):
        if quoted in names:
            return str(quoted)
    for f in entity.fields:
        # A relation whose table the company's setup picks names the field by that
        # table's caption (`VAT Prod. Posting Group` for a line's taxCode).
        variants = f.lookup.variants if f.lookup else ()
        for caption in filter(None, (f.caption, *(v.caption for v in variants))):
            if message.startswith(f"The field {caption} of table ") or message.startswith(
                f"{caption} must "
            ):
                return f.name
        given = body.get(f.name)
        if f.phone_error and message == f.phone_error and given:
            return f.name
        if f.email and isinstance(given, str):
            addresses = (a.strip() for a in given.split(";"))
            if any(a and f'"{a}"' in message for a in addresses):
                return f.name
    return None


def naming_field(error: BadUserInput, entity: Entity, body: Any) -> BadUserInput:
    """The error with `field` set to the input field BC's message is about, if any."""
    if "field" in error.extensions or not isinstance(body, Mapping):
        return error
    name = named_field(entity, error.message, body)
    if name is not None:
        error.extensions["field"] = f"input.{name}"
    return error
