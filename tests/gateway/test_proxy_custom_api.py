"""The REST passthrough into an extension's API (`/proxy/api/{publisher}/{group}/{version}/…`)
through the whole gateway over the sandbox: its sets, $metadata and service document,
writes with BC's answers unchanged, any published route (not only the ones the gateway
serves in GraphQL), and the same refusals of path tricks as the standard API's."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from urllib.parse import unquote

import pytest

from gateway.errors import BadUserInput
from gateway.proxy import checked_path
from tests.conftest import ALICE
from tests.gateway.stack import Stack, running_stack
from tests.gateway.test_proxy import api_requests, asgi, first_company

ROUTE = "/proxy/api/contoso/logistics/v1.0"
EDM = "{http://docs.oasis-open.org/odata/ns/edm}"


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    """A gateway that serves no custom API in GraphQL, over a sandbox that publishes one."""
    async with running_stack() as running:
        await running.connect("user-a", ALICE)
        yield running


async def test_a_custom_apis_sets_are_read_and_written_through_the_proxy(stack: Stack) -> None:
    # The gateway serves no custom API in GraphQL: the proxy reaches it all the same.
    company = await first_company(stack, "user-a")
    auth = stack.auth("user-a")
    shipments = f"{ROUTE}/companies({company})/shipments"
    listed = await stack.http.get(
        shipments, params={"$expand": "carrier", "$orderby": "number"}, headers=auth
    )
    assert listed.status_code == 200, listed.text
    rows = listed.json()["value"]
    assert rows and [r["number"] for r in rows] == sorted(r["number"] for r in rows)
    assert all(r["carrier"]["id"] == r["carrierId"] for r in rows)
    assert "/api/contoso/logistics/v1.0/$metadata#" in listed.json()["@odata.context"]

    body = {"number": "PX1", "shipmentLines": [{"itemNumber": "1896-S", "quantity": 3}]}
    created = await stack.http.post(shipments, json=body, headers=auth)
    assert created.status_code == 201, created.text
    shipment = created.json()
    assert created.headers["location"].endswith(
        f"/api/contoso/logistics/v1.0/companies({company})/shipments({shipment['id']})"
    )
    lines = await stack.http.get(f"{shipments}({shipment['id']})/shipmentLines", headers=auth)
    assert [(r["itemNumber"], r["shipmentId"]) for r in lines.json()["value"]] == [
        ("1896-S", shipment["id"])
    ]
    refused = await stack.http.patch(
        f"{shipments}({shipment['id']})",
        json={"status": "Lost"},
        headers={**auth, "If-Match": shipment["@odata.etag"]},
    )
    # BC's own refusal of a value its enum does not have, as BC wrote it.
    assert refused.status_code == 400 and "Lost" in refused.json()["error"]["message"]


async def test_a_custom_apis_metadata_and_service_document(stack: Stack) -> None:
    auth = stack.auth("user-a")
    metadata = await stack.http.get(f"{ROUTE}/$metadata", headers=auth)
    assert metadata.status_code == 200, metadata.text
    sets = {e.get("Name") for e in ET.fromstring(metadata.content).iter(f"{EDM}EntitySet")}
    assert sets == {"companies", "carriers", "shipments", "shipmentLines"}
    for root in (ROUTE, f"{ROUTE}/"):
        service = await stack.http.get(root, headers=auth)
        assert service.status_code == 200, (root, service.text)
        assert {s["name"] for s in service.json()["value"]} == sets


async def test_an_unpublished_route_is_bcs_own_404(stack: Stack) -> None:
    company = await first_company(stack, "user-a")
    response = await stack.http.get(
        f"/proxy/api/contoso/nothing/v1.0/companies({company})/shipments",
        headers=stack.auth("user-a"),
    )
    assert response.status_code == 404
    assert "API route was not found" in response.json()["error"]["message"]


HOSTILE = [
    b"/proxy/api",
    b"/proxy/api/",
    b"/proxy/api/v2.0/companies",
    b"/proxy/api/contoso/logistics",
    b"/proxy/api/contoso/logistics/1.0/companies",
    b"/proxy/api/contoso/logistics/v1.0/../../v2.0/companies",
    b"/proxy/api/contoso/../../x/v1.0/companies",
    b"/proxy/api/../contoso/logistics/v1.0/companies",
    b"/proxy/api/contoso/logistics/v1%2E0/companies",
    b"/proxy/api/contoso%2Flogistics/v1.0/companies",
    b"/proxy/api/contoso/logistics/v1.0%2F..%2F..%2Fx",
    b"/proxy/api/contoso/logistics/v1.0//companies",
    b"/proxy/api/https:/evil.example/v1.0/companies",
    b"/proxy/api/evil.example/logistics/v1.0/companies",
    b"/proxy/api/contoso@evil/logistics/v1.0/companies",
    b"/proxy/api/contoso/logistics/v1.0/companies/",
    b"/proxy/api/contoso/logistics/v1.0/companies(1)/..",
]


async def test_path_tricks_into_other_apis_are_refused_before_any_call(stack: Stack) -> None:
    auth = [(b"authorization", stack.auth("user-a")["Authorization"].encode())]
    await stack.idp.delete("/_sandbox/stats")
    for raw_path in HOSTILE:
        status, body = await asgi(stack, "GET", raw_path, auth)
        assert (status, b'"BAD_USER_INPUT"' in body) == (400, True), (raw_path, body)
    assert await api_requests(stack) == 0


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ("api/contoso/logistics/v1.0", "../contoso/logistics/v1.0/"),
        ("api/contoso/logistics/v1.0/", "../contoso/logistics/v1.0/"),
        ("api/contoso/logistics/v1.0/$metadata", "../contoso/logistics/v1.0/$metadata"),
        (
            "api/microsoft/automation/v2.0/companies(824820a2-508c-ed11-aada-000d3a298ab3)",
            None,
        ),
        ("api/contoso/logistics/v1.0-beta/companies%28x%29/shipments", None),
    ],
)
def test_custom_api_paths_climb_into_their_route(raw: str, path: str | None) -> None:
    expected = path if path is not None else "../" + unquote(raw).removeprefix("api/")
    assert checked_path(raw) == expected


def test_a_refused_route_says_what_a_route_is() -> None:
    with pytest.raises(BadUserInput) as refused:
        checked_path("api/v2.0/companies")
    assert "api/{publisher}/{group}/{version}" in refused.value.message
