"""BC's refusals of business rules through GraphQL: the error keeps BC's code and message
and names the input field BC's message is about (resolvers/refusals.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import CREATE_VENDOR, UPDATE_VENDOR, error_of

CREATE_CUSTOMER = """mutation($input: CreateCustomerInput!) {
  createCustomer(input: $input) { id currencyCode } }"""


@pytest.mark.parametrize(
    ("given", "field", "bc_code", "message"),
    [
        (
            {"currencyCode": "XYZ"},
            "input.currencyCode",
            "Application_DialogException",
            'The "currencyCode" does not match to a Currency.',
        ),
        (
            {"country": "XX"},
            "input.country",
            "Internal_InvalidTableRelation",
            "The field Country/Region Code of table Vendor contains a value (XX) that cannot "
            "be found in the related table (Country/Region).",
        ),
        (
            {"number": "GQL-PH", "phoneNumber": "call me"},
            "input.phoneNumber",
            "Application_FieldValidationException",
            "Phone No. must not contain letters in Vendor No.='GQL-PH'.",
        ),
        (
            {"email": "not an email"},
            "input.email",
            "Application_DialogException",
            'The email address "not an email" is not valid.',
        ),
    ],
)
async def test_a_refused_vendor_names_the_field(
    gw: Gateway, given: dict[str, Any], field: str, bc_code: str, message: str
) -> None:
    result = await gw.execute(CREATE_VENDOR, {"input": {"displayName": "Refused", **given}})
    error = error_of(result)
    assert error["code"] == "BAD_USER_INPUT"
    assert (error["field"], error["bcCode"], error["message"]) == (field, bc_code, message)


async def test_an_update_refused_by_bc_names_the_field(gw: Gateway) -> None:
    created = await gw.data(CREATE_VENDOR, {"input": {"displayName": "To update"}})
    vendor = created["createVendor"]
    result = await gw.execute(
        UPDATE_VENDOR,
        {"id": vendor["id"], "etag": vendor["etag"], "input": {"country": "QQ"}},
    )
    error = error_of(result)
    assert error["field"] == "input.country"
    assert error["bcCode"] == "Internal_InvalidTableRelation"


async def test_a_refusal_naming_no_field_has_none(gw: Gateway) -> None:
    # The line page's message names no field: the error says what BC said, no more.
    result = await gw.execute(
        """mutation($input: CreatePurchaseInvoiceInput!) {
             createPurchaseInvoice(input: $input) { id } }""",
        {
            "input": {
                "vendorNumber": "20000",
                "lines": [{"lineType": "ITEM", "lineObjectNumber": "NO-SUCH", "quantity": "1"}],
            }
        },
    )
    error = error_of(result)
    assert error["message"] == "Item does not exist." and "field" not in error


async def test_a_new_customer_shows_the_local_currency_code(gw: Gateway) -> None:
    data = await gw.data(CREATE_CUSTOMER, {"input": {"displayName": "Local"}})
    info = await gw.data("{ companyInformation { nodes { currencyCode } } }")
    [company] = info["companyInformation"]["nodes"]
    assert data["createCustomer"]["currencyCode"] == company["currencyCode"]


async def test_a_document_s_address_country_refusal_names_the_field(gw: Gateway) -> None:
    created = await gw.data(
        """mutation($input: CreateSalesInvoiceInput!) {
             createSalesInvoice(input: $input) { id etag } }""",
        {"input": {"customerNumber": "C00020"}},
    )
    invoice = created["createSalesInvoice"]
    result = await gw.execute(
        """mutation($id: UUID!, $input: UpdateSalesInvoiceInput!, $etag: String) {
             updateSalesInvoice(id: $id, input: $input, etag: $etag) { id } }""",
        {"id": invoice["id"], "etag": invoice["etag"], "input": {"shipToCountry": "XX"}},
    )
    error = error_of(result)
    assert error["field"] == "input.shipToCountry"
    assert error["message"].startswith("The field Ship-to Country/Region Code of table Sales")


async def test_a_sales_document_s_phone_refusal_names_the_field(gw: Gateway) -> None:
    result = await gw.execute(
        """mutation($input: CreateSalesQuoteInput!) { createSalesQuote(input: $input) { id } }""",
        {"input": {"customerNumber": "C00020", "phoneNumber": "555 FLOWERS"}},
    )
    error = error_of(result)
    assert (error["field"], error["message"]) == (
        "input.phoneNumber",
        "You cannot enter letters in this field.",
    )
