"""Custom APIs: the sandbox's sample extension API (contoso/logistics/v1.0) imported from
its $metadata (`bcgraph import-api`, from a file and from its URL), loaded as
BCGRAPH_CUSTOM_APIS loads it, then read and written through GraphQL under its prefix,
over the sandbox. Its sub-page (shipment lines) is tests/graphql/test_custom_api_lines.py;
the whole path in one gateway app, live events included, is
tests/subscriptions/test_custom_api_live.py."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import GraphQLEnumType
from starlette.applications import Starlette

from bcmodel import STANDARD, Entity, Registry, Watch
from bcmodel.custom_apis import CustomApi, CustomApiError, from_json, load
from gateway.cli import build_parser, main
from gateway.import_api import TOKEN_VARIABLE, fetch_metadata, run
from gateway.settings import Settings, SettingsError
from sandbox.custom import SAMPLE_PATH, sample_api
from sandbox.directory import CONTOSO_TENANT
from schema import build_schema
from tests.conftest import ALICE, BASE_URL, BC
from tests.graphql.conftest import Gateway

ROUTE = "contoso/logistics/v1.0"
ROOT = f"{BASE_URL}/v2.0/{CONTOSO_TENANT}/production/api/{ROUTE}"


def _import(app: Starlette, out: Path, *source: str) -> int:
    """`bcgraph import-api` against the sandbox in this process (no socket)."""
    token = app.state.sandbox.identity.issue_access_token(user=ALICE)
    args = build_parser().parse_args(["import-api", *source, "--output", str(out)])
    return run(args, {TOKEN_VARIABLE: str(token)}, transport=httpx.ASGITransport(app=app))


@pytest.fixture
def imported(sandbox_app: Starlette, tmp_path: Path) -> CustomApi:
    """The sample API as imported from the sandbox's $metadata URL and loaded."""
    out = tmp_path / "contoso.json"
    assert _import(sandbox_app, out, f"{ROOT}/$metadata") == 0
    return load(out)


@pytest.fixture
def registry(imported: CustomApi) -> Registry:
    return STANDARD.with_custom(imported.entities)


@pytest.fixture
def schema(registry: Registry) -> Any:
    return build_schema(registry=registry)


@pytest.fixture
def edited_schema() -> Any:
    """The sample's own file: the imported one with a lookup added by hand."""
    return build_schema(registry=STANDARD.with_custom(sample_api().entities))


def _shape(entity: Entity) -> tuple[object, ...]:
    """What BC's $metadata states of an entity: not the descriptions it cannot carry, nor
    the lookups (relations without navigation) a declaration adds by hand."""
    return (
        entity.ref,
        entity.name,
        entity.key,
        entity.route,
        (entity.insertable, entity.updatable, entity.deletable, entity.watch),
        tuple(
            (f.name, f.type, f.max_length, f.read_only, f.enum.members if f.enum else None)
            for f in entity.fields
        ),
        tuple(
            (r.field, r.target, r.local_key, r.remote_key, r.many, r.nav)
            for r in entity.relations
            if r.nav is not None
        ),
        entity.api,
    )


# -- import ---------------------------------------------------------------------------------


def test_the_sandboxs_metadata_imports_as_the_api_it_serves(imported: CustomApi) -> None:
    served = sample_api()
    assert imported.route == served.route and imported.prefix == "Contoso"
    assert [_shape(e) for e in imported.entities] == [_shape(e) for e in served.entities]
    shipment = next(e for e in imported.entities if e.entity_set == "shipments")
    tracking = shipment.field("trackingNumber")
    assert tracking is not None and tracking.read_only  # Core.Computed in BC's document
    assert all(f.description for e in imported.entities for f in e.fields)


def test_a_metadata_file_imports_as_its_url_does(sandbox_app: Starlette, tmp_path: Path) -> None:
    token = str(sandbox_app.state.sandbox.identity.issue_access_token(user=ALICE))
    transport = httpx.ASGITransport(app=sandbox_app)
    xml = asyncio.run(fetch_metadata(f"{ROOT}/$metadata", token, transport=transport))
    (tmp_path / "metadata.xml").write_bytes(xml)
    from_file, from_url = tmp_path / "file.json", tmp_path / "url.json"
    assert _import(sandbox_app, from_file, str(tmp_path / "metadata.xml"), "--route", ROUTE) == 0
    assert _import(sandbox_app, from_url, f"{ROOT}/$metadata") == 0
    assert json.loads(from_file.read_text()) == json.loads(from_url.read_text())


def test_an_unusable_source_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<edmx:Edmx")
    assert main(["import-api", str(bad), "--route", ROUTE]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.xml: not an XML document" in err
    bad.write_text("<root/>")
    assert main(["import-api", str(bad), "--route", ROUTE]) == 2
    assert "not an OData $metadata document" in capsys.readouterr().err
    assert main(["import-api", str(bad)]) == 2  # a file needs its route
    assert "--route" in capsys.readouterr().err
    monkeypatch.delenv(TOKEN_VARIABLE, raising=False)
    assert main(["import-api", f"{ROOT}/$metadata"]) == 2
    assert TOKEN_VARIABLE in capsys.readouterr().err


def test_a_malformed_declaration_file_stops_the_start_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "contoso.json"
    for content, said in (
        ("{not json", "not a JSON file"),
        ('{"format": "bcgraph-custom-api/1", "publisher": "contoso"}', "missing 'group'"),
        (
            json.dumps({**json.loads(sample_api_text()), "graphqlPrefix": "con_toso"}),
            "graphqlPrefix 'con_toso'",
        ),
    ):
        bad.write_text(content)
        with pytest.raises(CustomApiError, match=said):
            load(bad)
        with pytest.raises(SettingsError) as refused:
            Settings.from_env({"BCGRAPH_CUSTOM_APIS": str(bad)})
        message = str(refused.value)
        assert message.startswith("BCGRAPH_CUSTOM_APIS: ") and "\n" not in message
        assert str(bad) in message and said in message


def sample_api_text() -> str:
    return SAMPLE_PATH.read_text()


def test_a_sub_page_imports_as_contained_records_of_its_parent(
    imported: CustomApi, registry: Registry, schema: Any
) -> None:
    # The sample's shipment lines are a sub-page of shipments: contained under the
    # shipment in $metadata, keyed to it by shipmentId, navigable back.
    line = next(e for e in imported.entities if e.entity_set == "shipmentLines")
    assert line.parent == "shipment" and line.watch is Watch.PARENT
    parent = registry.parent_of(line)
    assert parent is not None and parent[0].entity_set == "shipments"
    assert parent[1].field == "shipmentLines" and parent[1].contained
    assert parent[1].remote_key == "shipmentId"
    types = schema._schema.type_map
    assert "shipmentLines" in types["Contoso_Shipment"].fields
    assert "shipmentLines" in types["CreateContoso_ShipmentInput"].fields  # deep insert
    create = types["Mutation"].fields["createContoso_ShipmentLine"]
    assert "shipmentId" in create.args
    # The key to the parent is the argument, not an input (nor changed by an update).
    for kind in ("CreateContoso_ShipmentLineInput", "UpdateContoso_ShipmentLineInput"):
        assert "shipmentId" not in types[kind].fields


# -- naming ---------------------------------------------------------------------------------


def test_custom_names_cannot_collide_with_the_standard_ones(schema: Any) -> None:
    standard = build_schema()._schema
    custom = schema._schema

    def names(s: Any) -> set[str]:
        roots = {f"{t}.{n}" for t in ("Query", "Mutation") for n in s.type_map[t].fields}
        return {n for n in s.type_map if not n.startswith("__")} | roots

    # No standard type or root field name holds an underscore; every custom one does,
    # right after its prefix. So no custom API can take a standard name, now or later.
    assert not any("_" in n for n in names(standard))
    added = names(custom) - names(standard)
    assert added and all(("Contoso_" in n or ".contoso_" in n) for n in added), added
    # EntityKind: standard members are UPPER_SNAKE (single underscores); custom ones are
    # PREFIX__NAME (a double one, which UPPER_SNAKE of an underscore-free name never has).
    kinds = custom.type_map["EntityKind"]
    assert isinstance(kinds, GraphQLEnumType)
    standard_kinds = set(standard.type_map["EntityKind"].values)
    assert not any("__" in k for k in standard_kinds)
    assert set(kinds.values) - standard_kinds == {
        "CONTOSO__CARRIER",
        "CONTOSO__SHIPMENT",
        "CONTOSO__SHIPMENT_LINE",
    }


def test_a_custom_set_may_share_a_standard_sets_name(imported: CustomApi) -> None:
    # An extension's `vendors` is another entity than BC's, on its own route.
    data = json.loads(sample_api_text())
    for entity in data["entities"]:
        entity["entitySet"] = entity["entitySet"].replace("carriers", "vendors")
        for rel in entity["relations"]:
            rel["target"] = "vendors" if rel["target"] == "carriers" else rel["target"]
    renamed = from_json(data, "test")
    registry = STANDARD.with_custom(renamed.entities)
    ours = registry.by_ref(f"{ROUTE}/vendors")
    assert ours is not None and ours is not STANDARD.by_ref("vendors")
    assert registry.by_ref("vendors") is STANDARD.by_ref("vendors")
    query = build_schema(registry=registry)._schema.type_map["Query"]
    assert {"vendors", "contoso_vendors"} <= set(query.fields)


# -- reads, writes and a relation -------------------------------------------------------------


SHIPMENTS = """query($filter: Contoso_ShipmentFilter, $first: Int, $after: String) {
  contoso_shipments(filter: $filter, orderBy: [{field: NUMBER, direction: DESC}],
                    first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id etag number status weight packageCount shipDate trackingNumber
            carrier { id code displayName } }
  } }"""
ONE = """query($id: UUID!) { contoso_shipment(id: $id) {
  id etag number status carrier { code } } }"""
CREATE = """mutation($input: CreateContoso_ShipmentInput!) {
  createContoso_Shipment(input: $input) { id etag number status weight carrier { code } } }"""
UPDATE = """mutation($id: UUID!, $input: UpdateContoso_ShipmentInput!, $etag: String) {
  updateContoso_Shipment(id: $id, input: $input, etag: $etag) { id etag status packageCount } }"""
DELETE = """mutation($id: UUID!, $etag: String) { deleteContoso_Shipment(id: $id, etag: $etag) }"""


async def _raw(bc: BC, company: str, path: str) -> Any:
    response = await bc.get(f"{ROOT.removeprefix(BASE_URL)}/companies({company})/{path}")
    assert response.status_code == 200, response.text
    return response.json()


async def test_shipments_are_filtered_sorted_paged_and_counted(
    gw: Gateway, bc: BC, schema: Any
) -> None:
    raw = (await _raw(bc, gw.company_id, "shipments"))["value"]
    in_transit = sorted(
        (s for s in raw if s["status"] == "In_x0020_Transit"), key=lambda s: s["number"]
    )[::-1]
    assert in_transit, "the sandbox seeds shipments in transit"
    variables = {"filter": {"status": "IN_TRANSIT"}, "first": 1}
    page = await gw.execute(SHIPMENTS, variables, schema=schema)
    assert page.errors is None, page.errors
    shipments = page.data["contoso_shipments"]  # type: ignore[index]
    assert shipments["totalCount"] == len(in_transit)
    assert [n["number"] for n in shipments["nodes"]] == [in_transit[0]["number"]]
    node = shipments["nodes"][0]
    assert node["status"] == "IN_TRANSIT" and node["trackingNumber"]
    carriers = {c["id"]: c for c in (await _raw(bc, gw.company_id, "carriers"))["value"]}
    assert node["carrier"]["code"] == carriers[in_transit[0]["carrierId"]]["code"]
    if len(in_transit) > 1:
        after = {**variables, "after": shipments["pageInfo"]["endCursor"]}
        second = await gw.execute(SHIPMENTS, after, schema=schema)
        assert second.errors is None, second.errors
        numbers = [n["number"] for n in second.data["contoso_shipments"]["nodes"]]  # type: ignore[index]
        assert numbers == [in_transit[1]["number"]]


async def test_a_shipment_is_created_read_updated_and_deleted_with_etags(
    gw: Gateway, bc: BC, schema: Any
) -> None:
    carrier = (await _raw(bc, gw.company_id, "carriers?$top=1"))["value"][0]
    new = {
        "number": "SH9001",
        "carrierId": carrier["id"],
        "status": "PLANNED",
        "weight": "12.5",
        "packageCount": 2,
    }
    made = await gw.execute(CREATE, {"input": new}, schema=schema)
    assert made.errors is None, made.errors
    created = made.data["createContoso_Shipment"]  # type: ignore[index]
    assert created["carrier"] == {"code": carrier["code"]} and created["status"] == "PLANNED"
    stored = await _raw(bc, gw.company_id, f"shipments({created['id']})")
    assert stored["number"] == "SH9001" and stored["status"] == "Planned"

    one = await gw.execute(ONE, {"id": created["id"]}, schema=schema)
    assert one.data == {  # type: ignore[comparison-overlap]
        "contoso_shipment": {
            "id": created["id"],
            "etag": created["etag"],
            "number": "SH9001",
            "status": "PLANNED",
            "carrier": {"code": carrier["code"]},
        }
    }

    changes = {"status": "IN_TRANSIT", "packageCount": 3}
    changed = await gw.execute(
        UPDATE, {"id": created["id"], "input": changes, "etag": created["etag"]}, schema=schema
    )
    assert changed.errors is None, changed.errors
    updated = changed.data["updateContoso_Shipment"]  # type: ignore[index]
    assert updated["status"] == "IN_TRANSIT" and updated["etag"] != created["etag"]
    stale = await gw.execute(
        UPDATE, {"id": created["id"], "input": changes, "etag": created["etag"]}, schema=schema
    )
    assert stale.errors and stale.errors[0].extensions["code"] == "CONFLICT"
    assert stale.errors[0].extensions["currentEtag"] == updated["etag"]

    gone = await gw.execute(DELETE, {"id": created["id"], "etag": updated["etag"]}, schema=schema)
    assert gone.errors is None and gone.data == {"deleteContoso_Shipment": created["id"]}  # type: ignore[comparison-overlap]
    missing = await gw.execute(ONE, {"id": created["id"]}, schema=schema)
    assert missing.errors and missing.errors[0].extensions["code"] == "NOT_FOUND"


async def test_a_lookup_added_by_hand_lists_a_carriers_shipments(
    gw: Gateway, bc: BC, edited_schema: Any
) -> None:
    raw = (await _raw(bc, gw.company_id, "shipments"))["value"]
    carrier = raw[0]["carrierId"]
    theirs = sorted(s["number"] for s in raw if s["carrierId"] == carrier)
    query = """query($id: UUID!) { contoso_carrier(id: $id) {
      shipments(orderBy: [{field: NUMBER}]) { totalCount nodes { number carrier { id } } } } }"""
    result = await gw.execute(query, {"id": carrier}, schema=edited_schema)
    assert result.errors is None, result.errors
    shipments = result.data["contoso_carrier"]["shipments"]  # type: ignore[index]
    assert [n["number"] for n in shipments["nodes"]] == theirs
    assert shipments["totalCount"] == len(theirs) > 0
    assert {n["carrier"]["id"] for n in shipments["nodes"]} == {carrier}


def test_read_only_fields_are_not_inputs(schema: Any) -> None:
    for kind in ("CreateContoso_ShipmentInput", "UpdateContoso_ShipmentInput"):
        fields = set(schema._schema.type_map[kind].fields)
        assert "trackingNumber" not in fields and "id" not in fields
        assert {"number", "carrierId", "status"} <= fields


async def test_a_carrier_of_another_route_is_not_read_as_a_standard_entity(
    gw: Gateway, schema: Any
) -> None:
    # The same request through the standard schema knows nothing of the custom API.
    result = await gw.execute("{ contoso_carriers(first: 1) { totalCount } }")
    assert result.errors and "contoso_carriers" in result.errors[0].message
    mine = await gw.execute(
        "{ contoso_carriers(first: 5) { totalCount nodes { code } } }", schema=schema
    )
    assert mine.errors is None, mine.errors
    assert mine.data["contoso_carriers"]["totalCount"] == 3  # type: ignore[index]
