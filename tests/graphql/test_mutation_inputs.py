"""Input types come from bcmodel (only writable fields), and inputs become BC bodies that
carry exactly what was given: UNSET is left out, null is BC's blank."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from graphql import GraphQLInputObjectType, GraphQLNonNull

from bcmodel import ENTITIES, STANDARD
from bcmodel.enums import LINE_TYPE, VENDOR_BLOCKED
from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.vendors import VENDOR
from gateway.bc.codec import encode_json
from gateway.errors import BadUserInput
from resolvers import inputs
from schema import build_schema

SCHEMA = build_schema()
TYPES = SCHEMA._schema.type_map


def _python(name: str) -> Any:
    """The Python class Strawberry made for a type of the schema (an input or an enum)."""
    made = SCHEMA.get_type_by_name(name)
    return getattr(made, "origin", None) or made.wrapped_cls  # type: ignore[union-attr]


CreateVendorInput = _python("CreateVendorInput")
UpdateVendorInput = _python("UpdateVendorInput")
VendorBlocked = _python(VENDOR_BLOCKED.graphql_name)
PurchaseInvoiceLineType = _python(LINE_TYPE.graphql_name)

INPUTS = {
    "Vendor": VENDOR,
    "PurchaseInvoice": PURCHASE_INVOICE,
    "PurchaseInvoiceLine": PURCHASE_INVOICE_LINE,
    "TaxGroup": next(e for e in ENTITIES if e.entity_set == "taxGroups"),
    "PaymentTerm": PAYMENT_TERM,
}


@pytest.mark.parametrize("name", sorted(INPUTS))
@pytest.mark.parametrize("kind", ["Create", "Update"])
def test_inputs_hold_only_writable_fields_all_optional(kind: str, name: str) -> None:
    entity = INPUTS[name]
    input_type = TYPES[f"{kind}{name}Input"]
    assert isinstance(input_type, GraphQLInputObjectType)
    fields = set(input_type.fields) - {"lines"}
    writable = {f.name for f in entity.writable_fields}
    assert fields <= writable
    read_only = {f.name for f in entity.fields if not f.writable} | {entity.key}
    assert not fields & read_only
    assert not any(isinstance(f.type, GraphQLNonNull) for f in input_type.fields.values())
    # Lines belong to the invoice given by the mutation; they are never re-parented.
    if name == "PurchaseInvoiceLine":
        assert writable - fields == (
            {"documentId"} if kind == "Create" else {"documentId", "sequence"}
        )
    else:
        assert fields == writable


def test_invoice_input_carries_typed_lines_and_no_totals() -> None:
    fields = TYPES["CreatePurchaseInvoiceInput"].fields
    assert str(fields["lines"].type) == "[CreatePurchaseInvoiceLineInput!]"
    assert str(fields["invoiceDate"].type) == "Date" and str(fields["vendorId"].type) == "UUID"
    assert str(fields["discountAmount"].type) == "Decimal"
    for read_only in ("number", "status", "totalAmountIncludingTax", "vendorName", "payToCity"):
        assert read_only not in fields
    assert str(TYPES["CreateVendorInput"].fields["blocked"].type) == "VendorBlocked"


def test_create_body_sends_what_was_given_in_wire_form() -> None:
    value = CreateVendorInput(  # type: ignore[call-arg]
        displayName="Northwind", blocked=VendorBlocked.PAYMENT, city=None
    )
    assert inputs.create_body(VENDOR, value, STANDARD) == {
        "displayName": "Northwind",
        "blocked": "Payment",
    }


def test_invoice_body_with_lines_is_one_deep_insert() -> None:
    body = inputs.create_body(
        PURCHASE_INVOICE,
        {
            "vendorNumber": "20000",
            "invoiceDate": dt.date(2019, 1, 1),
            "discountAmount": Decimal("0.10"),
            "lines": [
                {"lineType": PurchaseInvoiceLineType.ITEM, "quantity": Decimal("4")},
                {"lineType": PurchaseInvoiceLineType.COMMENT, "description": "note"},
            ],
        },
        STANDARD,
    )
    assert body == {
        "invoiceDate": "2019-01-01",
        "vendorNumber": "20000",
        "discountAmount": Decimal("0.10"),
        "purchaseInvoiceLines": [
            {"lineType": "Item", "quantity": Decimal("4")},
            {"lineType": "Comment", "description": "note"},
        ],
    }
    # Money stays exact on the wire.
    assert b'"discountAmount":0.10' in encode_json(body)


def test_update_body_distinguishes_unset_from_null() -> None:
    value = UpdateVendorInput(city=None, displayName="X")  # type: ignore[call-arg]
    assert inputs.update_body(VENDOR, value) == {"city": "", "displayName": "X"}
    cleared = inputs.update_body(
        VENDOR, {"paymentTermsId": None, "blocked": None, "taxLiable": None}
    )
    assert cleared == {
        "paymentTermsId": "00000000-0000-0000-0000-000000000000",
        "blocked": "_x0020_",
        "taxLiable": False,
    }


@pytest.mark.parametrize(
    ("entity", "value", "field"),
    [
        (VENDOR, {"displayName": "x" * 101}, "input.displayName"),
        (VENDOR, {"number": "N" * 21}, "input.number"),
        (PAYMENT_TERM, {"displayName": "x"}, "input.code"),
        (PAYMENT_TERM, {"code": ""}, "input.code"),
        (PURCHASE_INVOICE, {"invoiceDate": dt.date(2020, 1, 1)}, "input.vendorId"),
        (
            PURCHASE_INVOICE,
            {
                "vendorId": "f8a5738a-44e3-ea11-bb43-000d3a2feca1",
                "lines": [{}, {"description2": "y" * 51}],
            },
            "input.lines[1].description2",
        ),
    ],
)
def test_create_refusals_name_the_field(entity: Any, value: Any, field: str) -> None:
    with pytest.raises(BadUserInput) as refused:
        inputs.create_body(entity, value, STANDARD)
    assert refused.value.extensions["field"] == field


@pytest.mark.parametrize(
    ("entity", "value", "field"),
    [
        (VENDOR, {}, "input"),
        (PURCHASE_INVOICE_LINE, {"lineType": None}, "input.lineType"),  # no blank member
        (PAYMENT_TERM, {"code": None}, "input.code"),
        (PAYMENT_TERM, {"code": ""}, "input.code"),
    ],
)
def test_update_refusals_name_the_field(entity: Any, value: Any, field: str) -> None:
    with pytest.raises(BadUserInput) as refused:
        inputs.update_body(entity, value)
    assert refused.value.extensions["field"] == field


@pytest.mark.parametrize("etag", ["", "  ", 'W/"x"\r\nX-Evil: 1', 'W/"ü"'])
def test_etags_that_are_not_etags_are_refused(etag: str) -> None:
    with pytest.raises(BadUserInput):
        inputs.if_match(etag)


def test_if_match_defaults_to_any_version() -> None:
    assert inputs.if_match(None) == {"If-Match": "*"}
    assert inputs.if_match('W/"abc"') == {"If-Match": 'W/"abc"'}


def test_lines_are_addressed_under_their_invoice() -> None:
    company = "824820a2-508c-ed11-aada-000d3a298ab3"
    invoice = "5d115c9c-44e3-ea11-bb43-000d3a2feca1"
    line = "dd8db9c0-44e3-ea11-bb43-000d3a2feca1"
    assert str(inputs.record(PURCHASE_INVOICE_LINE, company, line, STANDARD, invoice)) == (
        f"companies({company})/purchaseInvoices({invoice})/purchaseInvoiceLines({line})"
    )
    request = inputs.create_request(
        PURCHASE_INVOICE_LINE, {"quantity": 1}, company, STANDARD, invoice
    )
    assert request.path.endswith(f"purchaseInvoices({invoice})/purchaseInvoiceLines")
    with pytest.raises(BadUserInput):
        inputs.record(PURCHASE_INVOICE_LINE, company, line, STANDARD)
