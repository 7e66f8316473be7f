"""The compiled path (schema/compiled/) answers byte for byte what graphql-core answers.

Each operation runs on two schemas over the same sandbox, user and cursor keys: the
shipped one (compiled) and one with compiled execution off. The response body is built as
the HTTP view builds it (orjson over data and formatted errors) and compared as bytes. The
read surface is every root list of the registry with all its plain fields, its relations
and its connection's parts, then nested pages, cursors, filters and orders, and a
hypothesis-generated family of selections. Where the compiled path should answer, the
test also checks that it did (a test that always fell back would prove nothing).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, is_leaf_type
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bcmodel import STANDARD, Listing
from sandbox.directory import CONTOSO_TENANT
from schema import build_schema
from tests.conftest import ALICE, sandbox_settings
from tests.graphql.conftest import Gateway, gateway_for
from tests.graphql.test_read_path import Q1, Q2, Q2_EDGES, Q3, Q3_EDGES, Q4, Q4_EDGES, Q5

COMPILED = build_schema()
ORDINARY = build_schema(plans=0)


def body(result: Any) -> bytes:
    out: dict[str, Any] = {"data": result.data}
    if result.errors:
        out["errors"] = [e.formatted for e in result.errors]
    # BC names each request it refuses: two requests, two names.
    return re.sub(rb'"bcCorrelationId":"[^"]*"', b'"bcCorrelationId":""', orjson.dumps(out))


async def same_bytes(gw: Gateway, query: str, variables: dict[str, Any] | None = None) -> bool:
    """Both executors' bytes are equal; True when the compiled path answered itself."""
    runs = COMPILED.execute_function.compiled_runs  # type: ignore[attr-defined]
    compiled = body(await gw.execute(query, variables, schema=COMPILED))
    answered = COMPILED.execute_function.compiled_runs > runs  # type: ignore[attr-defined]
    ordinary = body(await gw.execute(query, variables, schema=ORDINARY))
    assert compiled == ordinary, (query, compiled[:600], ordinary[:600])
    return answered


def _named(kind: Any) -> Any:
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        kind = kind.of_type
    return kind


def _leaves(kind: GraphQLObjectType) -> list[str]:
    return [
        name
        for name, f in kind.fields.items()
        if is_leaf_type(_named(f.type)) and hasattr(f.resolve, "plain_leaf")
    ]


def record_selection(kind: GraphQLObjectType) -> str:
    """All plain fields of a record, each relation with its id, each page with its parts."""
    parts = ["__typename", *_leaves(kind)]
    for name, f in kind.fields.items():
        target = _named(f.type)
        if not isinstance(target, GraphQLObjectType) or hasattr(f.resolve, "plain_leaf"):
            continue
        if target.name.endswith("Connection"):
            parts.append(
                f"{name}(first: 2) {{ totalCount pageInfo {{ hasNextPage endCursor }}"
                " edges { cursor node { id } } }"
            )
        else:
            parts.append(f"{name} {{ id }}")
    return " ".join(parts)


def read_surface() -> Iterator[tuple[str, str]]:
    """Every root list of the registry's API with a representative selection."""
    schema = COMPILED._schema
    query = schema.query_type
    assert query is not None
    for entity in STANDARD.entities:
        api, shown = entity.api, entity.graphql
        if api is None or shown is None or shown.listing is Listing.REPORT:
            continue
        record = schema.type_map[api.type]
        assert isinstance(record, GraphQLObjectType)
        selection = record_selection(record)
        if shown.listing is Listing.ALL:
            yield api.list, f"{{ {api.list} {{ {selection} }} }}"
            continue
        yield (
            api.list,
            f"{{ {api.list}(first: 3) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage"
            f" startCursor endCursor }} edges {{ cursor node {{ {selection} }} }}"
            f" nodes {{ id }} }} }}",
        )


@pytest.mark.parametrize(("name", "query"), list(read_surface()), ids=lambda v: v[:40])
async def test_every_root_list_reads_the_same(gw: Gateway, name: str, query: str) -> None:
    await same_bytes(gw, query)


OPERATIONS = [
    Q1,
    Q2,
    Q3,
    Q4,
    Q5,
    Q2_EDGES,
    Q3_EDGES,
    Q4_EDGES,
    # Filters and orders, at the root and on a relation (its own query).
    """{ purchaseInvoices(first: 5, filter: {status: {eq: OPEN}},
      orderBy: [{field: TOTAL_AMOUNT_INCLUDING_TAX, direction: DESC}]) {
      totalCount nodes { number status totalAmountIncludingTax } } }""",
    """{ vendors(first: 4) { nodes { number purchaseInvoices(first: 2,
      orderBy: [{field: NUMBER, direction: DESC}]) { totalCount edges { cursor node { number } }
      } } } }""",
    # Aliases, fragments (on the type and on its interface), __typename, merged fields.
    """query Named { a: vendors(first: 2) { nodes { ...V id } } b: vendors(first: 1) {
      nodes { ... on BusinessCentralRecord { id etag } displayName } } }
      fragment V on Vendor { __typename displayName number displayName }""",
    # Errors: graphql-core's answer either way (partial data, located errors).
    "{ purchaseInvoices(first: 5000) { nodes { number } } }",
    "{ purchaseInvoiceLines(first: 2) { nodes { description } } }",
    '{ purchaseInvoice(id: "00000000-0000-0000-0000-000000000001") { number } }',
    "{ companies { id name } me { userId } }",
    # Several root fields failing, nullable and not, fast and after a BC call.
    """{ a: purchaseInvoice(id: "00000000-0000-0000-0000-000000000001") { number }
      b: vendors(first: 5000) { nodes { id } }
      c: vendor(id: "00000000-0000-0000-0000-000000000002") { number } }""",
    """{ a: vendor(id: "00000000-0000-0000-0000-000000000001") { number }
      b: vendor(id: "00000000-0000-0000-0000-000000000002") { number } companies { name } }""",
    """{ b: vendors(first: 5000) { nodes { id } } v: vendors(first: 1) { nodes { id } }
      a: vendor(id: "00000000-0000-0000-0000-000000000001") { number } }""",
]


@pytest.mark.parametrize("query", OPERATIONS)
async def test_operations_read_the_same(gw: Gateway, query: str) -> None:
    await same_bytes(gw, query, {"n": 7})


async def test_next_pages_and_records_by_id(gw: Gateway) -> None:
    page = """query($after: String) { purchaseInvoices(first: 3, after: $after) {
      pageInfo { endCursor hasNextPage } nodes { id number lines(first: 1) {
      pageInfo { endCursor } nodes { sequence } } } } }"""
    first = await gw.data(page)
    cursor = first["purchaseInvoices"]["pageInfo"]["endCursor"]
    assert await same_bytes(gw, page, {"after": cursor})
    record = first["purchaseInvoices"]["nodes"][0]
    lines = "query($id: UUID!, $a: String) { purchaseInvoice(id: $id) { number"
    lines += " lines(first: 1, after: $a) { nodes { sequence } } } }"
    assert await same_bytes(gw, lines, {"id": record["id"]})
    assert await same_bytes(gw, lines, {"id": record["id"], "a": None})
    after = record["lines"]["pageInfo"]["endCursor"]
    await same_bytes(gw, lines, {"id": record["id"], "a": after})


async def test_the_compiled_path_answers_reads(gw: Gateway) -> None:
    for query in (Q1, Q2, Q3, Q3_EDGES, Q4):
        assert await same_bytes(gw, query, {"n": 5}), query
    # A root field's error is answered without running graphql-core (nor BC) again.
    for query in (
        "{ purchaseInvoices(first: 5000) { nodes { number } } }",
        "{ purchaseInvoiceLines(first: 2) { nodes { description } } }",
        '{ purchaseInvoice(id: "00000000-0000-0000-0000-000000000001") { number } }',
    ):
        await gw.reset_stats()
        assert await same_bytes(gw, query), query
    # Not compiled: introspection, a directive.
    assert not await same_bytes(gw, "{ __schema { queryType { name } } }")
    assert not await same_bytes(gw, "{ vendors(first: 1) { nodes { id @skip(if: true) } } }")


# A family of selections on invoices and vendors, drawn by hypothesis.
INVOICE = ["id", "number", "status", "invoiceDate", "totalAmountIncludingTax", "vendorName"]
LINE = ["sequence", "description", "quantity", "unitCost", "lineType"]
VENDOR = ["id", "number", "displayName", "balance", "blocked", "lastModifiedDateTime"]


def _fields(names: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(names), min_size=1, max_size=4)


@st.composite
def invoice_queries(draw: st.DrawFn) -> str:
    fields = draw(_fields(INVOICE))
    if draw(st.booleans()):
        shape = draw(st.sampled_from(["nodes { %s }", "edges { cursor node { %s } }"]))
        fields.append(
            f"lines(first: {draw(st.integers(0, 3))}) {{ {shape % ' '.join(draw(_fields(LINE)))} }}"
        )
    if draw(st.booleans()):
        fields.append(f"vendor {{ {' '.join(draw(_fields(VENDOR)))} }}")
    if draw(st.booleans()):
        fields.insert(0, f"alias: {draw(st.sampled_from(INVOICE))}")
    parts = " ".join(fields)
    page = draw(st.sampled_from([f"nodes {{ {parts} }}", f"edges {{ cursor node {{ {parts} }} }}"]))
    extra = " ".join(
        draw(
            st.lists(
                st.sampled_from(["totalCount", "pageInfo { endCursor hasNextPage }"]), max_size=2
            )
        )
    )
    first = draw(st.integers(0, 6))
    return f"{{ purchaseInvoices(first: {first}) {{ {extra} {page} }} }}"


@pytest.fixture(scope="module")
def looped() -> Iterator[tuple[asyncio.AbstractEventLoop, Gateway]]:
    from sandbox.app import create_sandbox

    loop = asyncio.new_event_loop()
    app = create_sandbox(sandbox_settings())
    gw = loop.run_until_complete(gateway_for(app, ALICE, CONTOSO_TENANT))
    yield loop, gw
    loop.run_until_complete(gw.aclose())
    loop.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=invoice_queries())
def test_generated_selections_read_the_same(
    looped: tuple[asyncio.AbstractEventLoop, Gateway], query: str
) -> None:
    loop, gw = looped
    assert loop.run_until_complete(same_bytes(gw, query))


async def test_plans_are_bounded_and_per_schema(gw: Gateway) -> None:
    small = build_schema(plans=2)
    other = build_schema(plans=2)
    for first in (1, 2, 3):
        await gw.execute(f"{{ vendors(first: {first}) {{ nodes {{ id }} }} }}", schema=small)
    executions = small.execute_function, other.execute_function  # type: ignore[attr-defined]
    assert [len(e._plans) for e in executions] == [2, 0]
    # The oldest went first; the same text with variables of another shape is another plan.
    assert [key[0][17] for key in executions[0]._plans] == ["2", "3"]
    query = "query($n: Int) { vendors(first: $n) { nodes { id } } }"
    await gw.execute(query, {"n": 1}, schema=other)
    await gw.execute(query, {"n": None}, schema=other)
    assert len(executions[1]._plans) == 2
