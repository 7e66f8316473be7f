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
    assert _sets(custom.content) == {"companies", "carriers", "shipments"}
    assert not {"carriers", "shipments"} & _sets(standard.content)
    service = (await bc.get(_root(bc))).json()
    assert {s["name"] for s in service["value"]} == {"companies", "carriers", "shipments"}


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
