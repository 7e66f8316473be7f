"""BC's business rules on writes, over the sandbox's HTTP API: number series of drafts and
posted documents, the local currency shown by its code, table relations, phone and email
checks, and the line pages' messages (docs/sandbox.md lists each with its source)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from bcmodel.edm import EMPTY_GUID
from tests.conftest import BC
from tests.sandbox.test_currencies import error

ANY = {"If-Match": "*"}


async def numbers(bc: BC, entity_set: str, status: str) -> list[int]:
    response = await bc.get(f"{entity_set}?$filter=" + quote(f"status eq '{status}'"))
    assert response.status_code == 200, response.text
    return [int(r["number"]) for r in response.json()["value"]]


async def local_currency(bc: BC) -> str:
    info = await bc.first("companyInformation")
    return str(info["currencyCode"])


@pytest.mark.parametrize(
    ("entity_set", "party", "lines", "draft_series", "posted_series"),
    [
        ("purchaseInvoices", {"vendorNumber": "20000"}, [{"unitCost": 10}], 107, 108),
        ("salesInvoices", {"customerNumber": "C00020"}, [{"unitPrice": 10}], 102, 103),
    ],
)
async def test_drafts_number_from_the_invoice_series_and_posting_renumbers(
    bc: BC,
    entity_set: str,
    party: dict[str, Any],
    lines: list[dict[str, Any]],
    draft_series: int,
    posted_series: int,
) -> None:
    drafts_before = await numbers(bc, entity_set, "Draft")
    posted_before = await numbers(bc, entity_set, "Open") + await numbers(bc, entity_set, "Paid")
    line = {"lineType": "Item", "lineObjectNumber": "1896-S", "quantity": 1, **lines[0]}
    body = {**party, "vendorInvoiceNumber": "R-1"} if "vendorNumber" in party else party
    created = await bc.post(entity_set, json={**body, f"{entity_set[:-1]}Lines": [line]})
    assert created.status_code == 201, created.text
    draft = created.json()
    assert int(draft["number"]) // 1000 == draft_series
    assert int(draft["number"]) == max(drafts_before) + 1
    posted = await bc.post(f"{entity_set}({draft['id']})/Microsoft.NAV.post", headers=ANY)
    assert posted.status_code == 204, posted.text
    after = (await bc.get(f"{entity_set}({draft['id']})")).json()
    assert int(after["number"]) // 1000 == posted_series
    assert int(after["number"]) == max(posted_before, default=posted_series * 1000) + 1
    # The next draft continues the draft series, not the posted one.
    again = (await bc.post(entity_set, json=body)).json()
    assert int(again["number"]) == int(draft["number"]) + 1


@pytest.mark.parametrize(("entity_set", "body"), [("vendors", {}), ("customers", {})])
async def test_a_new_party_shows_the_local_currency_by_its_code(
    bc: BC, entity_set: str, body: dict[str, Any]
) -> None:
    local = await local_currency(bc)
    seeded = await bc.first(entity_set)
    assert seeded["currencyCode"] == local and seeded["currencyId"] == EMPTY_GUID
    new = await bc.post(entity_set, json={"displayName": "Local", **body})
    assert new.status_code == 201, new.text
    assert new.json()["currencyCode"] == local and new.json()["currencyId"] == EMPTY_GUID
    # The local code written (in any case) is the local currency: no currency record.
    named = await bc.post(entity_set, json={"displayName": "L", "currencyCode": local.lower()})
    assert named.json()["currencyCode"] == local and named.json()["currencyId"] == EMPTY_GUID
    euro = (await bc.post(entity_set, json={"displayName": "E", "currencyCode": "EUR"})).json()
    assert euro["currencyCode"] == "EUR" and euro["currencyId"] != EMPTY_GUID
    cleared = await bc.patch(f"{entity_set}({euro['id']})", json={"currencyCode": ""}, headers=ANY)
    assert cleared.json()["currencyCode"] == local


@pytest.mark.parametrize("entity_set", ["vendors", "customers", "purchaseInvoices"])
async def test_an_unknown_currency_code_is_refused(bc: BC, entity_set: str) -> None:
    party = {"vendorNumber": "20000"} if entity_set == "purchaseInvoices" else {}
    refused = await bc.post(
        entity_set,
        json={"displayName": "X", **party, "currencyCode": "XYZ"}
        if not party
        else {**party, "currencyCode": "XYZ"},
    )
    assert error(refused) == (
        400,
        "Application_DialogException",
        'The "currencyCode" does not match to a Currency.',
    )


async def test_a_purchase_invoice_takes_its_vendor_s_local_currency_by_code(bc: BC) -> None:
    local = await local_currency(bc)
    invoice = (await bc.post("purchaseInvoices", json={"vendorNumber": "20000"})).json()
    assert invoice["currencyCode"] == local and invoice["currencyId"] == EMPTY_GUID
    euro = await bc.patch(
        f"purchaseInvoices({invoice['id']})", json={"currencyCode": "EUR"}, headers=ANY
    )
    assert euro.status_code == 200, euro.text
    assert euro.json()["currencyCode"] == "EUR" and euro.json()["currencyId"] != EMPTY_GUID


@pytest.mark.parametrize(
    ("entity_set", "body", "table"),
    [
        ("vendors", {"displayName": "X"}, "Vendor"),
        ("customers", {"displayName": "X"}, "Customer"),
        ("contacts", {"displayName": "X", "type": "Person"}, "Contact"),
        ("employees", {"givenName": "A", "surname": "B"}, "Employee"),
        ("locations", {"code": "OVERSEA", "displayName": "X"}, "Location"),
    ],
)
async def test_a_country_code_must_name_a_country_region(
    bc: BC, entity_set: str, body: dict[str, Any], table: str
) -> None:
    refused = await bc.post(entity_set, json={**body, "country": "xx"})
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        f"The field Country/Region Code of table {table} contains a value (XX) that cannot "
        "be found in the related table (Country/Region).",
    )
    created = await bc.post(entity_set, json={**body, "country": "de"})
    assert created.status_code == 201, created.text
    assert created.json()["country"] == "DE"
    patched = await bc.patch(
        f"{entity_set}({created.json()['id']})", json={"country": "ZZ"}, headers=ANY
    )
    assert error(patched)[1] == "Internal_InvalidTableRelation"
    blank = await bc.patch(
        f"{entity_set}({created.json()['id']})", json={"country": ""}, headers=ANY
    )
    assert blank.status_code == 200, blank.text


async def test_company_information_country_is_checked_too(bc: BC) -> None:
    info = await bc.first("companyInformation")
    refused = await bc.patch(
        f"companyInformation({info['id']})", json={"country": "QQ"}, headers=ANY
    )
    assert error(refused)[2].startswith(
        "The field Country/Region Code of table Company Information contains a value (QQ)"
    )


@pytest.mark.parametrize(
    ("entity_set", "body", "table"),
    [
        ("vendors", {"displayName": "X"}, "Vendor"),
        ("customers", {"displayName": "X"}, "Customer"),
        ("contacts", {"displayName": "X", "type": "Person"}, "Contact"),
    ],
)
async def test_a_phone_number_with_letters_is_refused(
    bc: BC, entity_set: str, body: dict[str, Any], table: str
) -> None:
    refused = await bc.post(entity_set, json={**body, "number": "PH1", "phoneNumber": "555-CALL"})
    assert error(refused) == (
        400,
        "Application_FieldValidationException",
        f"Phone No. must not contain letters in {table} No.='PH1'.",
    )
    fine = await bc.post(entity_set, json={**body, "phoneNumber": "+1 (425) 555-0100"})
    assert fine.status_code == 201, fine.text
    patched = await bc.patch(
        f"{entity_set}({fine.json()['id']})", json={"phoneNumber": "ext. 12"}, headers=ANY
    )
    assert "must not contain letters" in error(patched)[2]


@pytest.mark.parametrize("entity_set", ["vendors", "customers", "locations"])
async def test_an_email_that_is_not_one_is_refused(bc: BC, entity_set: str) -> None:
    body = {"displayName": "X", **({"code": "MAILTEST"} if entity_set == "locations" else {})}
    refused = await bc.post(entity_set, json={**body, "email": "not an email"})
    assert error(refused) == (
        400,
        "Application_DialogException",
        'The email address "not an email" is not valid.',
    )
    fine = await bc.post(entity_set, json={**body, "email": "ap@fabrikam.example"})
    assert fine.status_code == 201, fine.text


async def test_a_website_is_not_checked(bc: BC) -> None:
    # BC's Home Page fields have ExtendedDatatype = URL and no OnValidate: any text stands.
    created = await bc.post("vendors", json={"displayName": "X", "website": "not a url"})
    assert created.status_code == 201 and created.json()["website"] == "not a url"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"lineType": "Item", "lineObjectNumber": "NO-SUCH"}, "Item does not exist."),
        ({"itemId": "5f0c4c3e-0000-4000-8000-000000000002"}, "Item does not exist."),
        ({"lineType": "Account", "lineObjectNumber": "NO-ACCT"}, "Account does not exist."),
    ],
)
async def test_a_line_naming_no_item_or_account_gets_the_line_page_s_message(
    bc: BC, line: dict[str, Any], message: str
) -> None:
    invoice = (await bc.post("purchaseInvoices", json={"vendorNumber": "20000"})).json()
    refused = await bc.post(
        f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines", json={"quantity": 1, **line}
    )
    assert error(refused) == (400, "Application_DialogException", message)


async def test_a_line_s_object_number_cannot_be_changed(bc: BC) -> None:
    invoice = (await bc.post("purchaseInvoices", json={"vendorNumber": "20000"})).json()
    lines = f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines"
    line = await bc.post(lines, json={"lineType": "Item", "lineObjectNumber": "1896-S"})
    assert line.status_code == 201, line.text
    changed = await bc.patch(
        f"{lines}({line.json()['id']})", json={"lineObjectNumber": "1900-S"}, headers=ANY
    )
    assert error(changed)[2] == 'The value for "lineObjectNumber" cannot be modified.'


@pytest.mark.parametrize(
    "party", [{"vendorNumber": "NOSUCH"}, {"vendorId": "5f0c4c3e-0000-4000-8000-000000000002"}]
)
async def test_a_purchase_invoice_for_no_vendor_is_refused(bc: BC, party: dict[str, Any]) -> None:
    refused = await bc.post("purchaseInvoices", json=party)
    assert error(refused) == (400, "Application_DialogException", "The vendor cannot be found.")


@pytest.mark.parametrize("entity_set", ["salesInvoices", "salesCreditMemos", "salesQuotes"])
async def test_a_sales_document_checks_its_phone_and_email(bc: BC, entity_set: str) -> None:
    customer = {"customerNumber": "C00020"}
    phone = await bc.post(entity_set, json={**customer, "phoneNumber": "555 FLOWERS"})
    assert error(phone) == (
        400,
        "Application_DialogException",
        "You cannot enter letters in this field.",
    )
    mail = await bc.post(entity_set, json={**customer, "email": "nobody@"})
    assert error(mail)[2] == 'The email address "nobody@" is not valid.'
    fine = await bc.post(entity_set, json={**customer, "phoneNumber": "+44 20 7946 0000"})
    assert fine.status_code == 201, fine.text
    patched = await bc.patch(
        f"{entity_set}({fine.json()['id']})", json={"email": "a b@c.d"}, headers=ANY
    )
    assert error(patched)[2] == 'The email address "a b@c.d" is not valid.'


@pytest.mark.parametrize(
    ("entity_set", "body", "field", "caption", "table"),
    [
        (
            "purchaseInvoices",
            {"vendorNumber": "20000"},
            "buyFromCountry",
            "Buy-from Country/Region Code",
            "Purch. Inv. Entity Aggregate",
        ),
        (
            "salesInvoices",
            {"customerNumber": "C00020"},
            "shipToCountry",
            "Ship-to Country/Region Code",
            "Sales Invoice Entity Aggregate",
        ),
        (
            "salesQuotes",
            {"customerNumber": "C00020"},
            "sellToCountry",
            "Sell-to Country/Region Code",
            "Sales Quote Entity Buffer",
        ),
    ],
)
async def test_a_document_s_address_country_must_name_a_country_region(
    bc: BC, entity_set: str, body: dict[str, Any], field: str, caption: str, table: str
) -> None:
    refused = await bc.post(entity_set, json={**body, field: "XX"})
    assert error(refused) == (
        400,
        "Internal_InvalidTableRelation",
        f"The field {caption} of table {table} contains a value (XX) that cannot be found "
        "in the related table (Country/Region).",
    )
    created = await bc.post(entity_set, json={**body, field: "CA"})
    assert created.status_code == 201, created.text
    patched = await bc.patch(
        f"{entity_set}({created.json()['id']})", json={field: "QQ"}, headers=ANY
    )
    assert error(patched)[1] == "Internal_InvalidTableRelation"


async def test_a_contact_s_mobile_phone_is_checked_too(bc: BC) -> None:
    refused = await bc.post(
        "contacts", json={"displayName": "X", "number": "MOB1", "mobilePhoneNumber": "x100"}
    )
    assert error(refused)[2] == "Mobile Phone No. must not contain letters in Contact No.='MOB1'."
