"""The sandbox's sample custom API (sandbox/custom/): served at its own route with its own
$metadata, apart from BC's standard API, and webhooked under its own resource path."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.conftest import BC

ROUTE = "contoso/logistics/v1.0"
EDM = "{http://docs.oasis-open.org/odata/ns/edm}"


def _root(bc: BC, route: str = ROUTE) -> str:
    return bc.root.removesuffix("v2.0") + route


def _sets(document: bytes) -> set[str]:
    return {e.get("Name", "") for e in ET.fromstring(document).iter(f"{EDM}EntitySet")}


async def test_each_api_has_its_own_metadata(bc: BC) -> None:
    custom = await bc.get(f"{_root(bc)}/$metadata")
    standard = await bc.get(f"{bc.root}/$metadata")
    assert custom.status_code == standard.status_code == 200
    ours = {"companies", "carriers", "shipments", "shipmentLines"}
    assert _sets(custom.content) == ours
    assert not {"carriers", "shipments", "shipmentLines"} & _sets(standard.content)
    service = (await bc.get(_root(bc))).json()
    assert {s["name"] for s in service["value"]} == ours


async def test_the_custom_sets_live_under_their_route_only(bc: BC) -> None:
    company = f"companies({bc.company_id})"
    shipments = await bc.get(f"{_root(bc)}/{company}/shipments?$expand=carrier")
    assert shipments.status_code == 200, shipments.text
    rows = shipments.json()["value"]
    assert rows and all(r["carrier"]["id"] == r["carrierId"] for r in rows)
    context = shipments.json()["@odata.context"]
    assert f"/api/{ROUTE}/$metadata#{company}/shipments" in context
    standard = await bc.get(f"{bc.root}/{company}/shipments")
    assert standard.status_code == 404
    vendors = await bc.get(f"{_root(bc)}/{company}/vendors")
    assert vendors.status_code == 404
    unknown = await bc.get(f"{_root(bc, 'contoso/nothing/v1.0')}/{company}/shipments")
    assert unknown.status_code == 404
    assert "API route was not found" in unknown.json()["error"]["message"]


async def test_a_custom_set_refuses_what_its_declaration_refuses(bc: BC) -> None:
    shipments = f"{_root(bc)}/companies({bc.company_id})/shipments"
    read_only = await bc.post(shipments, json={"number": "X1", "trackingNumber": "T"})
    assert read_only.status_code == 400 and "trackingNumber" in read_only.text
    bad_enum = await bc.post(shipments, json={"number": "X2", "status": "Lost"})
    assert bad_enum.status_code == 400 and "Lost" in bad_enum.text
    made = await bc.post(shipments, json={"number": "X3", "status": "In_x0020_Transit"})
    assert made.status_code == 201, made.text
    assert made.json()["status"] == "In_x0020_Transit"


async def test_webhooks_on_a_custom_set_name_its_route(bc: BC) -> None:
    # Under BC's standard route the set does not exist; under its own it is accepted
    # (tests/sandbox/test_webhooks.py's test_resource_forms_accepted).
    standard = f"/api/v2.0/companies({bc.company_id})/shipments"
    refused = await bc.post(
        f"{bc.root}/subscriptions",
        json={"notificationUrl": "http://receiver.test/hook", "resource": standard},
    )
    assert refused.status_code == 400 and "does not exist" in refused.text


# -- a sub-page: shipment lines, contained in their shipment ----------------------------------


async def _lines_of(bc: BC, shipment_id: str) -> list[dict[str, object]]:
    url = f"{_root(bc)}/companies({bc.company_id})/shipments({shipment_id})/shipmentLines"
    answer = await bc.get(url)
    assert answer.status_code == 200, answer.text
    return sorted(answer.json()["value"], key=lambda r: str(r["itemNumber"]))


async def test_a_shipment_is_created_with_its_lines_in_one_post(bc: BC) -> None:
    shipments = f"{_root(bc)}/companies({bc.company_id})/shipments"
    lines = [
        {"lineNumber": 10000, "itemNumber": "1896-S", "quantity": 2},
        {"lineNumber": 20000, "itemNumber": "1906-S", "description": "Pedestal", "quantity": 1},
    ]
    made = await bc.post(shipments, json={"number": "D1", "shipmentLines": lines})
    assert made.status_code == 201, made.text
    shipment = made.json()
    stored = await _lines_of(bc, shipment["id"])
    assert [(r["itemNumber"], r["quantity"], r["lineNumber"]) for r in stored] == [
        ("1896-S", 2, 10000),
        ("1906-S", 1, 20000),
    ]
    # The sub-page link fills each line's key to the shipment it was created under.
    assert {r["shipmentId"] for r in stored} == {shipment["id"]}
    expanded = await bc.get(f"{shipments}({shipment['id']})?$expand=shipmentLines")
    assert len(expanded.json()["shipmentLines"]) == 2


async def test_a_refused_line_refuses_its_whole_shipment(bc: BC) -> None:
    shipments = f"{_root(bc)}/companies({bc.company_id})/shipments"
    before = len((await bc.get(shipments)).json()["value"])
    refused = await bc.post(
        shipments,
        json={"number": "D2", "shipmentLines": [{"itemNumber": "1896-S"}, {"colour": "red"}]},
    )
    assert refused.status_code == 400 and "colour" in refused.text
    not_a_list = await bc.post(shipments, json={"number": "D3", "shipmentLines": {"x": 1}})
    assert not_a_list.status_code == 400 and "must be an array" in not_a_list.text
    assert len((await bc.get(shipments)).json()["value"]) == before


async def test_a_line_created_under_its_shipment_takes_the_shipments_id(bc: BC) -> None:
    company = f"{_root(bc)}/companies({bc.company_id})"
    shipment = (await bc.get(f"{company}/shipments?$top=1")).json()["value"][0]
    under = f"{company}/shipments({shipment['id']})/shipmentLines"
    made = await bc.post(under, json={"itemNumber": "1920-S", "quantity": 5})
    assert made.status_code == 201, made.text
    line = made.json()
    assert line["shipmentId"] == shipment["id"]
    assert made.headers["location"].endswith(
        f"shipments({shipment['id']})/shipmentLines({line['id']})"
    )
    assert line["id"] in {r["id"] for r in await _lines_of(bc, shipment["id"])}
    # The same shipment named in the body is fine; another one is refused.
    same = await bc.post(under, json={"itemNumber": "1920-S", "shipmentId": shipment["id"]})
    assert same.status_code == 201, same.text
    other = (await bc.get(f"{company}/shipments?$top=2")).json()["value"][1]
    moved = await bc.post(under, json={"itemNumber": "1920-S", "shipmentId": other["id"]})
    assert moved.status_code == 400 and "shipmentId" in moved.text
    change = await bc.patch(
        f"{under}({line['id']})", json={"shipmentId": other["id"]}, headers={"If-Match": "*"}
    )
    assert change.status_code == 400 and "cannot be changed" in change.text


async def test_a_line_created_on_its_own_names_an_existing_shipment(bc: BC) -> None:
    company = f"{_root(bc)}/companies({bc.company_id})"
    shipment = (await bc.get(f"{company}/shipments?$top=1")).json()["value"][0]
    lines = f"{company}/shipmentLines"
    made = await bc.post(lines, json={"shipmentId": shipment["id"], "itemNumber": "1996-S"})
    assert made.status_code == 201, made.text
    assert made.json()["id"] in {r["id"] for r in await _lines_of(bc, shipment["id"])}
    orphan = await bc.post(lines, json={"itemNumber": "1996-S"})
    assert orphan.status_code == 400 and "shipmentId" in orphan.text
    unknown = "00000000-0000-0000-0000-0000000000aa"
    stray = await bc.post(lines, json={"shipmentId": unknown, "itemNumber": "1996-S"})
    assert stray.status_code == 400 and "does not match to a Shipment" in stray.text
