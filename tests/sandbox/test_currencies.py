"""Currencies over the sandbox's HTTP API: an entity with no sandbox code of its own, only
its declaration (bcmodel/currencies.py) and its seed rows. Everything here comes from
the declaration: the table, `$metadata`, the plain rules and webhook support."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

from sandbox.metadata import EDM_NS, EDMX_NS
from tests.conftest import BC, instant
from tests.sandbox.test_webhooks import started, subscribe

NS = {"edmx": EDMX_NS, "edm": EDM_NS}
FIELDS = [
    "@odata.etag",
    "id",
    "code",
    "displayName",
    "symbol",
    "amountDecimalPlaces",
    "amountRoundingPrecision",
    "lastModifiedDateTime",
]


def error(response: Any) -> tuple[int, str, str]:
    body = response.json()["error"]
    message = body["message"].split("  CorrelationId:")[0]
    return response.status_code, body["code"], message


async def currencies(bc: BC, query: str = "") -> list[dict[str, Any]]:
    response = await bc.get(f"currencies{query}")
    assert response.status_code == 200, response.text
    return list(response.json()["value"])


async def by_code(bc: BC, code: str) -> dict[str, Any]:
    return await bc.first("currencies", "&$filter=" + quote(f"code eq '{code}'"))


async def test_each_company_has_the_foreign_currencies_in_code_order(
    bc: BC, bc_fabrikam: BC
) -> None:
    us = await currencies(bc)
    assert list(us[0]) == FIELDS
    codes = [c["code"] for c in us]
    assert codes == sorted(codes) and {"EUR", "GBP", "CAD", "JPY"} <= set(codes)
    assert "USD" not in codes  # the company's own currency is not a foreign one
    euro = await by_code(bc, "EUR")
    assert (euro["displayName"], euro["symbol"]) == ("Euro", "€")
    assert (euro["amountDecimalPlaces"], euro["amountRoundingPrecision"]) == ("2:2", 0.01)
    yen = await by_code(bc, "JPY")
    assert (yen["amountDecimalPlaces"], yen["amountRoundingPrecision"]) == ("0:0", 1)
    uk = [c["code"] for c in await currencies(bc_fabrikam)]
    assert "USD" in uk and "GBP" not in uk


async def test_read_one_and_query_options(bc: BC) -> None:
    euro = await by_code(bc, "EUR")
    one = await bc.get(f"currencies({euro['id']})")
    assert one.status_code == 200 and one.json()["code"] == "EUR"
    assert one.headers["etag"] == euro["@odata.etag"]
    assert one.json()["@odata.context"].endswith("/currencies/$entity")
    picked = await currencies(bc, "?$select=code,symbol&$orderby=code desc&$top=2")
    assert [list(c) for c in picked] == [["@odata.etag", "code", "symbol"]] * 2
    assert picked[0]["code"] > picked[1]["code"]
    count = await bc.get("currencies/$count")
    assert int(count.text) == len(await currencies(bc))
    root = await bc.get(f"{bc.root}/currencies?company={bc.company_id}")
    assert root.status_code == 200 and len(root.json()["value"]) == int(count.text)


async def test_create_uppercases_the_code_and_stamps_the_record(bc: BC) -> None:
    response = await bc.post(
        "currencies",
        json={
            "code": "nok",
            "displayName": "Norwegian krone",
            "symbol": "kr",
            "amountDecimalPlaces": "2:2",
            "amountRoundingPrecision": 0.01,
        },
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["code"] == "NOK" and created["amountRoundingPrecision"] == 0.01
    assert created["lastModifiedDateTime"] > "2000"
    assert response.headers["location"].endswith(f"currencies({created['id']})")
    assert (await by_code(bc, "NOK"))["id"] == created["id"]


async def test_create_refusals_name_the_field_as_bc_does(bc: BC) -> None:
    no_code = await bc.post("currencies", json={"displayName": "Nameless"})
    assert error(no_code) == (
        400,
        "BadRequest_RequiredParamNotProvided",
        "Field 'code' must not be blank or empty.",
    )
    duplicate = await bc.post("currencies", json={"code": "eur"})
    assert error(duplicate) == (
        409,
        "Internal_EntityWithSameKeyExists",
        "The Currency already exists. Identification fields and values: Code='EUR'",
    )
    stamped = await bc.post(
        "currencies", json={"code": "NZD", "lastModifiedDateTime": "2020-01-01T00:00:00Z"}
    )
    assert error(stamped)[:2] == (400, "BadRequest_InvalidOperation")
    long_symbol = await bc.post("currencies", json={"code": "NZD", "symbol": "x" * 11})
    assert error(long_symbol)[:2] == (400, "Application_StringExceededLength")
    long_code = await bc.post("currencies", json={"code": "X" * 11})
    assert error(long_code)[:2] == (400, "Application_StringExceededLength")
    unknown = await bc.post("currencies", json={"code": "NZD", "rate": 1.5})
    assert "does not exist on type 'Microsoft.NAV.currency'" in error(unknown)[2]
    assert "NZD" not in [c["code"] for c in await currencies(bc)]


async def test_update_checks_the_etag_and_keeps_the_code_unique(bc: BC) -> None:
    euro = await by_code(bc, "EUR")
    path = f"currencies({euro['id']})"
    no_etag = await bc.patch(path, json={"displayName": "Euro (EMU)"})
    assert error(no_etag)[:2] == (400, "BadRequest_InvalidToken")
    etag = {"If-Match": euro["@odata.etag"]}
    renamed = await bc.patch(path, json={"displayName": "Euro (EMU)"}, headers=etag)
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["displayName"] == "Euro (EMU)"
    assert instant(renamed.json()["lastModifiedDateTime"]) > instant(euro["lastModifiedDateTime"])
    stale = await bc.patch(path, json={"symbol": "E"}, headers=etag)
    assert error(stale)[:2] == (409, "Request_EntityChanged")
    fresh = {"If-Match": renamed.json()["@odata.etag"]}
    blank = await bc.patch(path, json={"code": ""}, headers=fresh)
    assert error(blank)[2] == "Field 'code' must not be blank or empty."
    taken = await bc.patch(path, json={"code": "gbp"}, headers=fresh)
    assert error(taken)[:2] == (409, "Internal_EntityWithSameKeyExists")
    recoded = await bc.patch(path, json={"code": "eur2"}, headers=fresh)
    assert recoded.status_code == 200 and recoded.json()["code"] == "EUR2"


async def test_delete_removes_the_currency(bc: BC) -> None:
    yen = await by_code(bc, "JPY")
    deleted = await bc.delete(f"currencies({yen['id']})", headers={"If-Match": yen["@odata.etag"]})
    assert deleted.status_code == 204
    missing = await bc.get(f"currencies({yen['id']})")
    assert error(missing) == (
        404,
        "Internal_RecordNotFound",
        f"The Currency does not exist. Identification fields and values: Id='{yen['id']}'",
    )
    assert "JPY" not in [c["code"] for c in await currencies(bc)]


async def test_metadata_describes_currencies(bc: BC) -> None:
    response = await bc.get(f"{bc.root}/$metadata")
    schema = ET.fromstring(response.content).find("edmx:DataServices/edm:Schema", NS)
    assert schema is not None
    entity = schema.find("edm:EntityType[@Name='currency']", NS)
    assert entity is not None
    props = {p.get("Name"): p for p in entity.findall("edm:Property", NS)}
    assert list(props) == [f for f in FIELDS if f != "@odata.etag"]
    assert props["code"].get("MaxLength") == "10" and props["symbol"].get("MaxLength") == "10"
    assert props["displayName"].get("MaxLength") == "30"
    assert props["amountDecimalPlaces"].get("MaxLength") == "5"
    assert props["amountRoundingPrecision"].get("Type") == "Edm.Decimal"
    computed = [p for p, e in props.items() if e.find("edm:Annotation", NS) is not None]
    assert computed == ["lastModifiedDateTime"]
    container = schema.find("edm:EntityContainer/edm:EntitySet[@Name='currencies']", NS)
    assert container is not None and container.get("EntityType") == "Microsoft.NAV.currency"
    company = schema.find("edm:EntityType[@Name='company']", NS)
    assert company is not None
    assert company.find("edm:NavigationProperty[@Name='currencies']", NS) is not None
    listed = (await bc.get(bc.root)).json()["value"]
    assert {"name": "currencies", "kind": "EntitySet", "url": "currencies"} in listed


async def test_a_currency_change_notifies_its_webhook_subscription() -> None:
    async with started() as env:
        bc = env.bc
        sub = await subscribe(bc, "currencies")
        euro = await by_code(bc, "EUR")
        changed = await bc.patch(
            f"currencies({euro['id']})",
            json={"symbol": "EUR"},
            headers={"If-Match": euro["@odata.etag"]},
        )
        assert changed.status_code == 200, changed.text
        posts = await env.receiver.wait(1)
    [item] = posts[0].items
    assert item["subscriptionId"] == sub["subscriptionId"]
    assert item["changeType"] == "updated"
    assert item["resource"].endswith(f"companies({bc.company_id})/currencies({euro['id']})")
