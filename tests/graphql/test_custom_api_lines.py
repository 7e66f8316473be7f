"""A custom API's sub-page through GraphQL: the sandbox's sample shipments and their lines
(contoso/logistics/v1.0 `shipments({id})/shipmentLines`), created together in one
mutation (BC's deep insert) or a line on its own under its shipment."""

from __future__ import annotations

from typing import Any

import pytest

from bcmodel import STANDARD
from sandbox.custom import sample_api
from sandbox.directory import CONTOSO_TENANT
from schema import build_schema
from tests.conftest import BC
from tests.graphql.conftest import Gateway

ROOT = f"/v2.0/{CONTOSO_TENANT}/production/api/contoso/logistics/v1.0"

CREATE_SHIPMENT = """mutation($input: CreateContoso_ShipmentInput!) {
  createContoso_Shipment(input: $input) {
    id number
    shipmentLines {
      totalCount nodes { id shipmentId lineNumber itemNumber quantity shipment { number } } } } }"""
CREATE_LINE = """mutation($shipment: UUID!, $input: CreateContoso_ShipmentLineInput!) {
  createContoso_ShipmentLine(shipmentId: $shipment, input: $input) {
    id shipmentId itemNumber quantity shipment { id number } } }"""
LINES = """query($id: UUID!) { contoso_shipment(id: $id) {
  shipmentLines { nodes { id itemNumber quantity } } } }"""


@pytest.fixture(scope="module")
def schema() -> Any:
    return build_schema(registry=STANDARD.with_custom(sample_api().entities))


async def _stored_lines(bc: BC, company: str, shipment_id: str) -> list[dict[str, Any]]:
    path = f"{ROOT}/companies({company})/shipments({shipment_id})/shipmentLines"
    answer = await bc.get(path)
    assert answer.status_code == 200, answer.text
    return sorted(answer.json()["value"], key=lambda r: r["lineNumber"])


async def test_a_shipment_and_its_lines_are_one_mutation_and_one_post(
    gw: Gateway, bc: BC, schema: Any
) -> None:
    new = {
        "number": "SH9100",
        "shipmentLines": [
            {"lineNumber": 10000, "itemNumber": "1896-S", "quantity": "2"},
            {"lineNumber": 20000, "itemNumber": "1920-S", "quantity": "1.5"},
        ],
    }
    await gw.reset_stats()
    made = await gw.execute(CREATE_SHIPMENT, {"input": new}, schema=schema)
    assert made.errors is None, made.errors
    stats = await gw.stats()
    posts = [r for r in stats["requests"] if r["method"] == "POST"]
    assert [(r["entitySet"], r["count"]) for r in posts] == [("shipments", 1)]
    shipment = made.data["createContoso_Shipment"]  # type: ignore[index]
    lines = shipment["shipmentLines"]
    nodes = sorted(lines["nodes"], key=lambda n: n["lineNumber"])
    assert lines["totalCount"] == 2
    assert [(n["itemNumber"], n["quantity"]) for n in nodes] == [
        ("1896-S", "2"),
        ("1920-S", "1.5"),
    ]
    assert {n["shipmentId"] for n in nodes} == {shipment["id"]}
    assert {n["shipment"]["number"] for n in nodes} == {"SH9100"}
    stored = await _stored_lines(bc, gw.company_id, shipment["id"])
    assert [r["id"] for r in stored] == [n["id"] for n in nodes]


async def test_a_refused_line_is_named_before_bc_is_called(gw: Gateway, schema: Any) -> None:
    await gw.reset_stats()
    new = {
        "number": "SH9101",
        "shipmentLines": [{"itemNumber": "1896-S"}, {"itemNumber": "x" * 21}],
    }
    result = await gw.execute(CREATE_SHIPMENT, {"input": new}, schema=schema)
    assert result.errors and result.errors[0].extensions["code"] == "BAD_USER_INPUT"
    assert result.errors[0].extensions["field"] == "input.shipmentLines[1].itemNumber"
    assert await gw.upstream_requests() == 0


async def test_a_line_is_created_under_its_shipment(gw: Gateway, bc: BC, schema: Any) -> None:
    shipments = (await bc.get(f"{ROOT}/companies({gw.company_id})/shipments")).json()["value"]
    shipment = sorted(shipments, key=lambda s: s["number"])[0]
    before = await _stored_lines(bc, gw.company_id, shipment["id"])
    new = {"itemNumber": "1996-S", "description": "Whiteboard base", "quantity": "4"}
    made = await gw.execute(CREATE_LINE, {"shipment": shipment["id"], "input": new}, schema=schema)
    assert made.errors is None, made.errors
    line = made.data["createContoso_ShipmentLine"]  # type: ignore[index]
    assert line["shipmentId"] == shipment["id"]
    assert line["shipment"] == {"id": shipment["id"], "number": shipment["number"]}
    assert (line["itemNumber"], line["quantity"]) == ("1996-S", "4")
    after = await _stored_lines(bc, gw.company_id, shipment["id"])
    assert sorted(r["id"] for r in after) == sorted([r["id"] for r in before] + [line["id"]])
    listed = await gw.execute(LINES, {"id": shipment["id"]}, schema=schema)
    assert listed.errors is None, listed.errors
    nodes = listed.data["contoso_shipment"]["shipmentLines"]["nodes"]  # type: ignore[index]
    assert line["id"] in {n["id"] for n in nodes}


async def test_a_line_under_no_shipment_is_not_found(gw: Gateway, schema: Any) -> None:
    nowhere = "00000000-0000-0000-0000-00000000beef"
    result = await gw.execute(
        CREATE_LINE, {"shipment": nowhere, "input": {"itemNumber": "1996-S"}}, schema=schema
    )
    assert result.errors and result.errors[0].extensions["code"] == "NOT_FOUND"
