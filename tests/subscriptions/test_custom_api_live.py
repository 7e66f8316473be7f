"""A custom API from end to end, as a user sets one up: `bcgraph import-api` (the command,
in its own process) reads the sandbox's sample API from its $metadata URL and from a
saved file; `BCGRAPH_CUSTOM_APIS` loads the file the URL gave; a gateway app built from
those settings answers a query and a write over HTTP, and a subscription over a
WebSocket receives the write's event (BC's webhook, delivered by the sandbox).

The import reads a sandbox served on a real socket; the gateway runs over another
sandbox of the same build (the harness's, which delivers its webhooks in-process): both
serve the one sample API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.import_api import TOKEN_VARIABLE
from gateway.settings import Settings
from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT
from tests.conftest import ALICE, sandbox_settings
from tests.servers import free_port, serve
from tests.subscriptions.harness import ALICE_ID, live

ROUTE = "contoso/logistics/v1.0"
BCGRAPH = Path(sys.executable).with_name("bcgraph")


def bcgraph(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [str(BCGRAPH)] if BCGRAPH.exists() else [sys.executable, "-m", "gateway.cli"]
    # The gateway's own settings stay out: the command needs none of them.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BCGRAPH_")}
    return subprocess.run(
        [*command, *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def declaration(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The declaration file `bcgraph import-api` writes from the sample API's URL, checked
    to be the one it writes from the same $metadata saved to a file."""
    folder = tmp_path_factory.mktemp("import")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_sandbox(sandbox_settings(public_url=base))
    token = str(app.state.sandbox.identity.issue_access_token(user=ALICE))
    metadata_url = f"{base}/v2.0/{CONTOSO_TENANT}/production/api/{ROUTE}/$metadata"
    from_url, from_file = folder / "contoso.json", folder / "from-file.json"
    with serve(app, port):
        made = bcgraph(
            "import-api", metadata_url, "--output", str(from_url), env={TOKEN_VARIABLE: token}
        )
        assert made.returncode == 0, made.stderr
        saved = httpx.get(metadata_url, headers={"Authorization": f"Bearer {token}"})
        assert saved.status_code == 200, saved.text
    (folder / "metadata.xml").write_bytes(saved.content)
    again = bcgraph(
        "import-api",
        str(folder / "metadata.xml"),
        "--route",
        ROUTE,
        "--output",
        str(from_file),
        env={},
    )
    assert again.returncode == 0, again.stderr
    assert json.loads(from_file.read_text()) == json.loads(from_url.read_text())
    yield from_url


SHIPMENTS = """query($filter: Contoso_ShipmentFilter) {
  contoso_shipments(filter: $filter, orderBy: [{field: NUMBER}]) {
    totalCount
    nodes { id number status carrier { id code } shipmentLines { nodes { id itemNumber } } } } }"""
CREATE = """mutation($input: CreateContoso_ShipmentInput!) {
  createContoso_Shipment(input: $input) { id etag number status } }"""
UPDATE = """mutation($id: UUID!, $etag: String) {
  updateContoso_Shipment(id: $id, etag: $etag, input: {status: IN_TRANSIT}) { id etag status } }"""
EVENTS = """subscription($entities: [EntityKind!], $changes: [ChangeType!], $company: UUID) {
  recordChanged(entities: $entities, changeTypes: $changes, companyId: $company) {
    entity changeType recordId
    record {
      __typename
      ... on Contoso_Shipment {
        number status carrier { code } shipmentLines { nodes { itemNumber quantity } } }
      ... on Contoso_ShipmentLine { itemNumber shipmentId }
    } } }"""


def data(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_an_imported_api_is_queried_written_and_watched(declaration: Path) -> None:
    settings = Settings.from_env({"BCGRAPH_CUSTOM_APIS": str(declaration)})
    assert [api.route.path for api in settings.custom_apis] == [ROUTE]
    async with live(custom_apis=settings.custom_apis) as world:
        bc = world.bc[ALICE_ID]
        company = f"/v2.0/{CONTOSO_TENANT}/production/api/{ROUTE}/companies({bc.company_id})"

        # Query: what BC holds, under the prefix the import gave.
        raw = (await bc.get(f"{company}/shipments?$expand=shipmentLines")).json()["value"]
        delivered = sorted(
            (s for s in raw if s["status"] == "Delivered"), key=lambda s: s["number"]
        )
        found = data(
            await world.stack.graphql(ALICE_ID, SHIPMENTS, {"filter": {"status": "DELIVERED"}})
        )["contoso_shipments"]
        assert found["totalCount"] == len(delivered) > 0
        assert [n["number"] for n in found["nodes"]] == [s["number"] for s in delivered]
        assert [
            sorted(line["id"] for line in n["shipmentLines"]["nodes"]) for n in found["nodes"]
        ] == [sorted(line["id"] for line in s["shipmentLines"]) for s in delivered]
        carrier = found["nodes"][0]["carrier"]

        async with world.socket() as ws:
            await world.subscribe(
                ws,
                entities=["CONTOSO__SHIPMENT", "CONTOSO__SHIPMENT_LINE"],
                watches=1,
                document=EVENTS,
            )
            # Write: a shipment with its lines, in one mutation.
            new = {
                "number": "SH9300",
                "carrierId": carrier["id"],
                "status": "PLANNED",
                "shipmentLines": [{"itemNumber": "1896-S", "quantity": "2"}],
            }
            made = data(await world.stack.graphql(ALICE_ID, CREATE, {"input": new}))
            shipment = made["createContoso_Shipment"]
            stored = (await bc.get(f"{company}/shipments({shipment['id']})/shipmentLines")).json()
            [line] = stored["value"]

            # Event: the write comes back as BC's webhook made it, record and lines read.
            created = ("CONTOSO__SHIPMENT", "CREATED", shipment["id"])
            line_created = ("CONTOSO__SHIPMENT_LINE", "CREATED", line["id"])
            events = await world.events(ws, {created, line_created})
            record = events[created]["record"]
            assert record["__typename"] == "Contoso_Shipment"
            assert (record["number"], record["status"]) == ("SH9300", "PLANNED")
            assert record["carrier"] == {"code": carrier["code"]}
            assert record["shipmentLines"]["nodes"] == [{"itemNumber": "1896-S", "quantity": "2"}]
            assert events[line_created]["record"] == {
                "__typename": "Contoso_ShipmentLine",
                "itemNumber": "1896-S",
                "shipmentId": shipment["id"],
            }

            changed = data(
                await world.stack.graphql(
                    ALICE_ID, UPDATE, {"id": shipment["id"], "etag": shipment["etag"]}
                )
            )["updateContoso_Shipment"]
            assert changed["status"] == "IN_TRANSIT"
            updated = ("CONTOSO__SHIPMENT", "UPDATED", shipment["id"])
            event = (await world.events(ws, {updated}))[updated]
            assert event["record"]["status"] == "IN_TRANSIT"

        # BC's webhook subscription names the set under the API's own route.
        watches = await world.webhooks().registry.all()
        assert [w.topic.resource.split("/")[2:5] for w in watches] == [ROUTE.split("/")]
