"""The catalog's code tables over the sandbox's HTTP API (item categories, units of
measure, payment and shipment methods, countries/regions, locations): sets with no
sandbox code of their own, whose rules all come from their declarations; and the
references vendors and invoices make to them, which BC checks."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from bcmodel import entity
from tests.conftest import BC
from tests.sandbox.test_currencies import error
from tests.sandbox.test_webhooks import started, subscribe

MISSING = "5f0c4c3e-0000-4000-8000-000000000002"

# (entity set, a seeded code, a new record's other fields)
PLAIN = [
    ("itemCategories", "CHAIR", {"displayName": "Lighting"}),
    ("unitsOfMeasure", "PCS", {"displayName": "Crate", "internationalStandardCode": "cr"}),
    ("paymentMethods", "BANK", {"displayName": "Direct debit"}),
    ("shipmentMethods", "EXW", {"displayName": "Delivered at Place"}),
    (
        "countriesRegions",
        "US",
        {"displayName": "Norway", "addressFormat": "Post_x0020_Code_x002B_City"},
    ),
    ("locations", "MAIN", {"displayName": "Overflow", "city": "Macon", "country": "us"}),
]


async def rows(bc: BC, path: str) -> list[dict[str, Any]]:
    response = await bc.get(path)
    assert response.status_code == 200, response.text
    return list(response.json()["value"])


async def by_code(bc: BC, entity_set: str, code: str) -> dict[str, Any]:
    return await bc.first(entity_set, "&$filter=" + quote(f"code eq '{code}'"))


@pytest.mark.parametrize(("entity_set", "seeded", "other"), PLAIN)
async def test_each_company_lists_its_codes_in_order(
    bc: BC, bc_fabrikam: BC, entity_set: str, seeded: str, other: dict[str, Any]
) -> None:
    declared = entity(entity_set)
    for client in (bc, bc_fabrikam):
        listed = await rows(client, entity_set)
        assert listed and list(listed[0]) == ["@odata.etag", *declared.field_names]
        codes = [r["code"] for r in listed]
        assert codes == sorted(codes, key=str.casefold) and seeded in codes
    one = await by_code(bc, entity_set, seeded)
    single = await bc.get(f"{entity_set}({one['id']})")
    assert single.status_code == 200 and single.headers["etag"] == one["@odata.etag"]


@pytest.mark.parametrize(("entity_set", "seeded", "other"), PLAIN)
async def test_a_record_is_created_renamed_and_deleted(
    bc: BC, entity_set: str, seeded: str, other: dict[str, Any]
) -> None:
    created = await bc.post(entity_set, json={"code": "new1", **other})
    assert created.status_code == 201, created.text
    row = created.json()
    assert row["code"] == "NEW1" and row["lastModifiedDateTime"] > "2020"
    for name, value in other.items():
        expected = value.upper() if entity(entity_set).field(name).code else value  # type: ignore[union-attr]
        assert row[name] == expected
    path = f"{entity_set}({row['id']})"
    renamed = await bc.patch(path, json={"code": "new2"}, headers={"If-Match": row["@odata.etag"]})
    assert renamed.status_code == 200 and renamed.json()["code"] == "NEW2"
    deleted = await bc.delete(path, headers={"If-Match": renamed.json()["@odata.etag"]})
    assert deleted.status_code == 204
    assert error(await bc.get(path))[:2] == (404, "Internal_RecordNotFound")


@pytest.mark.parametrize(("entity_set", "seeded", "other"), PLAIN)
async def test_bc_refuses_a_blank_or_taken_code_and_read_only_fields(
    bc: BC, entity_set: str, seeded: str, other: dict[str, Any]
) -> None:
    title = entity(entity_set).title
    assert error(await bc.post(entity_set, json=other)) == (
        400,
        "BadRequest_RequiredParamNotProvided",
        "Field 'code' must not be blank or empty.",
    )
    assert error(await bc.post(entity_set, json={"code": seeded.lower()})) == (
        409,
        "Internal_EntityWithSameKeyExists",
        f"The {title} already exists. Identification fields and values: Code='{seeded}'",
    )
    stamped = await bc.post(
        entity_set, json={"code": "Z1", "lastModifiedDateTime": "2020-01-01T00:00:00Z"}
    )
    assert error(stamped)[:2] == (400, "BadRequest_InvalidOperation")
    assert error(await bc.post(entity_set, json={"code": "X" * 21}))[:2] == (
        400,
        "Application_StringExceededLength",
    )
    one = await by_code(bc, entity_set, seeded)
    blank = await bc.patch(
        f"{entity_set}({one['id']})", json={"code": ""}, headers={"If-Match": one["@odata.etag"]}
    )
    assert error(blank)[2] == "Field 'code' must not be blank or empty."


async def test_a_country_region_refuses_an_unknown_address_format(bc: BC) -> None:
    refused = await bc.post("countriesRegions", json={"code": "NO", "addressFormat": "Upside down"})
    assert error(refused)[0] == 400
    assert "Microsoft.NAV.countryRegionAddressFormat" in error(refused)[2]
    made = (await bc.post("countriesRegions", json={"code": "NO"})).json()
    assert made["addressFormat"] == "City_x002B_Post_x0020_Code"  # the table's initial value


async def test_vendors_name_payment_methods_and_currencies_that_exist(bc: BC) -> None:
    vendor = await bc.first("vendors", "&$expand=paymentMethod,currency")
    assert vendor["paymentMethod"]["id"] == vendor["paymentMethodId"]
    assert vendor["currency"] is None  # the company's own currency is no Currency record
    path = f"vendors({vendor['id']})"
    etag = {"If-Match": vendor["@odata.etag"]}
    method = await bc.patch(path, json={"paymentMethodId": MISSING}, headers=etag)
    assert error(method) == (
        400,
        "Application_DialogException",
        'The "paymentMethodId" does not match to a Payment Method.',
    )
    currency = await bc.patch(path, json={"currencyId": MISSING}, headers=etag)
    assert error(currency)[2] == 'The "currencyId" does not match to a Currency.'
    euro = await by_code(bc, "currencies", "EUR")
    moved = await bc.patch(path, json={"currencyId": euro["id"]}, headers=etag)
    assert moved.status_code == 200, moved.text
    again = await bc.get(f"{path}?$expand=currency")
    assert again.json()["currency"]["code"] == "EUR"


async def test_an_invoice_names_a_currency_that_exists(bc: BC) -> None:
    vendor = await bc.first("vendors", "&$filter=" + quote("number eq '10000'"))
    refused = await bc.post(
        "purchaseInvoices", json={"vendorId": vendor["id"], "currencyId": MISSING}
    )
    assert error(refused)[2] == 'The "currencyId" does not match to a Currency.'
    euro = await by_code(bc, "currencies", "EUR")
    made = await bc.post(
        "purchaseInvoices", json={"vendorId": vendor["id"], "currencyId": euro["id"]}
    )
    assert made.status_code == 201, made.text
    read = await bc.get(f"purchaseInvoices({made.json()['id']})?$expand=currency")
    assert read.json()["currency"]["code"] == "EUR"


async def test_a_line_reaches_its_location_and_variant(bc: BC) -> None:
    invoice = await bc.first("purchaseInvoices", "&$filter=status eq 'Draft'")
    main = await by_code(bc, "locations", "MAIN")
    variant = await bc.first("itemVariants", "&$filter=" + quote("code eq 'OAK'"))
    made = await bc.post(
        f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines",
        json={
            "itemId": variant["itemId"],
            "itemVariantId": variant["id"],
            "locationId": main["id"],
            "quantity": 1,
        },
    )
    assert made.status_code == 201, made.text
    line = await bc.get(
        f"purchaseInvoiceLines({made.json()['id']})?$expand=location,itemVariant,item"
    )
    body = line.json()
    assert body["location"]["code"] == "MAIN" and body["itemVariant"]["code"] == "OAK"
    assert body["item"]["id"] == variant["itemId"]


async def test_a_location_change_notifies_its_webhook_subscription() -> None:
    async with started() as env:
        bc = env.bc
        sub = await subscribe(bc, "locations")
        created = await bc.post("locations", json={"code": "yard", "displayName": "Yard"})
        assert created.status_code == 201, created.text
        posts = await env.receiver.wait(1)
    [notification] = posts[0].items
    assert notification["subscriptionId"] == sub["subscriptionId"]
    assert notification["changeType"] == "created"
    assert notification["resource"].endswith(f"/locations({created.json()['id']})")
