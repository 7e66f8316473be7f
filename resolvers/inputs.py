"""Mutation inputs to BC request bodies, checked before anything is sent.

BC would refuse an over-long text or a missing required field too, but only after a
round trip and with a message that does not say which input it means; here the refusal
is BAD_USER_INPUT with `extensions.field` naming it (`input.lines[2].description`).

An input is a Strawberry input object, or the plain dict graphql-core coerces from a
document (resolvers/write_batch.py reads the arguments of fields not yet resolved).
In both, a field left out is UNSET and an explicit null is None: an update sends only
the fields given, and null clears one to BC's blank (BC itself never holds null).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import strawberry

from bcmodel import Edm, Entity, Field
from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.tax_groups import TAX_GROUP
from gateway.bc import urls
from gateway.bc.types import BCRequest
from gateway.errors import BadUserInput

UNSET: Any = strawberry.UNSET
LINES = "purchaseInvoiceLines"

# What BC refuses to create without (§2 of the reference: a payment term's code is
# mandatory; a tax group is keyed by its code).
REQUIRED: dict[str, tuple[str, ...]] = {
    PAYMENT_TERM.entity_set: ("code",),
    TAX_GROUP.entity_set: ("code",),
}


def given(value: Any, name: str) -> Any:
    """A field of an input: UNSET when left out, None when null."""
    if isinstance(value, dict):
        return value.get(name, UNSET)
    return getattr(value, name, UNSET)


def create_body(entity: Entity, value: Any, where: str = "input") -> dict[str, Any]:
    body: dict[str, Any] = {}
    for field in entity.writable_fields:
        item = given(value, field.name)
        # On create, null means the same as leaving the field out: BC's default.
        if item is UNSET or item is None:
            continue
        body[field.name] = wire(field, item, f"{where}.{field.name}")
    for name in REQUIRED.get(entity.entity_set, ()):
        if not body.get(name):
            raise BadUserInput(f"`{name}` is required.", field=f"{where}.{name}")
    if entity is PURCHASE_INVOICE:
        if not body.get("vendorId") and not body.get("vendorNumber"):
            raise BadUserInput(
                "A purchase invoice needs its vendor: give vendorId or vendorNumber.",
                field=f"{where}.vendorId",
            )
        lines = given(value, "lines")
        if lines is not UNSET and lines is not None:
            # One POST with the lines inside: BC's deep insert.
            body[LINES] = [
                create_body(PURCHASE_INVOICE_LINE, line, f"{where}.lines[{i}]")
                for i, line in enumerate(lines)
            ]
    return body


def update_body(entity: Entity, value: Any, where: str = "input") -> dict[str, Any]:
    body: dict[str, Any] = {}
    for field in entity.writable_fields:
        item = given(value, field.name)
        if item is UNSET:
            continue
        path = f"{where}.{field.name}"
        if item is None:
            if field.name in REQUIRED.get(entity.entity_set, ()):
                raise BadUserInput(f"`{field.name}` cannot be cleared.", field=path)
            body[field.name] = blank(field, path)
        else:
            body[field.name] = wire(field, item, path)
    for name in REQUIRED.get(entity.entity_set, ()):
        if name in body and not body[name]:
            raise BadUserInput(f"`{name}` cannot be blank.", field=f"{where}.{name}")
    if not body:
        raise BadUserInput("Nothing to change: give at least one field.", field=where)
    return body


def wire(field: Field, value: Any, path: str) -> Any:
    """A GraphQL input value in the form BC takes (codec.encode_json writes Decimals exactly)."""
    if isinstance(value, enum.Enum):
        return value.value
    if field.type is Edm.STRING:
        text = str(value)
        if field.max_length is not None and len(text) > field.max_length:
            raise BadUserInput(
                f"`{field.name}` is at most {field.max_length} characters; {len(text)} were given.",
                field=path,
                maxLength=field.max_length,
            )
        return text
    if field.type is Edm.DATE and isinstance(value, dt.date):
        return value.isoformat()
    if field.type is Edm.GUID:
        return str(value)
    return value


def blank(field: Field, path: str) -> Any:
    """What "no value" is in BC for this field: "", the empty GUID, 0001-01-01, 0, false."""
    if field.type is Edm.ENUM and (field.enum is None or field.enum.members[0].strip()):
        # Only enums with a blank member (`_x0020_`) can be cleared.
        raise BadUserInput(f"`{field.name}` cannot be cleared; choose a value.", field=path)
    return field.empty_value()


# -- requests -------------------------------------------------------------------------


def collection(entity: Entity, company: str, invoice_id: str | None = None) -> urls.ResourcePath:
    """An entity set; lines are addressed under their invoice (the contained navigation)."""
    if entity is PURCHASE_INVOICE_LINE:
        if invoice_id is None:
            raise BadUserInput("An invoice line needs its invoiceId.", field="invoiceId")
        return urls.company(company).child(PURCHASE_INVOICE.entity_set, invoice_id).child(LINES)
    return urls.company(company).child(entity.entity_set)


def record(
    entity: Entity, company: str, record_id: str, invoice_id: str | None = None
) -> urls.ResourcePath:
    if entity is PURCHASE_INVOICE_LINE:
        if invoice_id is None:
            raise BadUserInput("An invoice line needs its invoiceId.", field="invoiceId")
        invoice = urls.company(company).child(PURCHASE_INVOICE.entity_set, invoice_id)
        return invoice.child(LINES, record_id)
    return urls.company(company).child(entity.entity_set, record_id)


def create_request(
    entity: Entity, value: Any, company: str, invoice_id: str | None = None
) -> BCRequest:
    body = create_body(entity, value)
    return BCRequest("POST", str(collection(entity, company, invoice_id)), body=body)


def if_match(etag: str | None) -> dict[str, str]:
    """BC requires If-Match on a PATCH; without the client's etag, `*` (last write wins)."""
    if etag is not None and not (etag.strip() and etag.isascii() and etag.isprintable()):
        # An etag is BC's own printable token; anything else (empty, CR/LF) is not one.
        raise BadUserInput("`etag` is not an etag this API returned.", field="etag")
    return {"If-Match": etag or "*"}
