"""schema/plain_fields.py's fast path answers exactly what graphql-core's ordinary path does.

Each case runs one document on two schemas, the shipped one and the same schema with
Strawberry's own executor, and compares data and errors (message, path, code). The real
sandbox supplies the ordinary rows; rows BC would never send (a non-number in a decimal, an
unknown enum member, a missing key) come from a canned BC answer, since no real BC or
sandbox produces them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from gateway.bc.session import BCSession
from gateway.bc.types import BCRequest, BCResponse
from resolvers.context import Context, Upstream
from resolvers.cursors import CursorKeys
from schema import build_schema
from tests.graphql.conftest import Gateway
from tests.graphql.test_read_path import Q1, Q3, Q3_EDGES, Q4, Q4_EDGES, Q5

COMPANY = "11111111-1111-1111-1111-111111111111"
INVOICES = """{ purchaseInvoices(first: 10) { nodes { id number status totalAmountIncludingTax
  invoiceDate vendorName } } }"""
# Relay's shape: the rows sit one object deeper, under each edge's `node`.
INVOICE_EDGES = """{ purchaseInvoices(first: 10) { edges { cursor node { id number status
  totalAmountIncludingTax invoiceDate vendorName } } } }"""


def ordinary(extensions: list[Any] | None = None) -> Any:
    schema = build_schema(extensions or [])
    schema.execution_context_class = StrawberryGraphQLCoreExecutionContext
    return schema


def outcome(result: Any) -> tuple[Any, list[tuple[str, Any, Any]]]:
    errors = [(e.message, e.path, (e.extensions or {}).get("code")) for e in result.errors or []]
    return result.data, errors


@pytest.mark.parametrize("query", [Q1, Q3, Q4, Q5, INVOICES, Q3_EDGES, Q4_EDGES, INVOICE_EDGES])
async def test_sandbox_rows_read_the_same_both_ways(gw: Gateway, query: str) -> None:
    fast = await gw.execute(query, {"n": 20})
    slow = await gw.execute(query, {"n": 20}, schema=ordinary())
    assert fast.errors is None
    assert outcome(fast) == outcome(slow)


def canned(rows: list[dict[str, Any]]) -> Context:
    async def send(request: BCRequest) -> BCResponse:
        return BCResponse(200, {"value": rows}, {})

    upstream = Upstream(COMPANY, BCSession(send, "https://bc.example/api/v2.0"))
    # The same keys for each run, so that both executors give the same cursors.
    return Context.fixed("u", upstream, CursorKeys.derive(["plain fields"]))


GOOD = {
    "id": "5d115c9c-44e3-ea11-bb43-000d3a2feca4",
    "number": "4",
    "status": "Paid",
    "totalAmountIncludingTax": Decimal("-0.01"),
    "invoiceDate": "0001-01-01",
}
# Rows BC never sends: an enum member it does not have; no `id` (non-null in the contract,
# so the null climbs to the nearest nullable parent).
UNKNOWN_ENUM = {**GOOD, "id": "5d115c9c-44e3-ea11-bb43-000d3a2feca2", "status": "Exploded"}
NO_ID = {k: v for k, v in GOOD.items() if k != "id"}


@pytest.mark.parametrize("query", [INVOICES, INVOICE_EDGES])
@pytest.mark.parametrize(
    ("rows", "failed"), [([UNKNOWN_ENUM, GOOD], ["status"]), ([GOOD, NO_ID], ["id"])]
)
async def test_values_the_types_refuse_fail_the_same_both_ways(
    rows: list[dict[str, Any]], failed: list[str], query: str
) -> None:
    fast = await build_schema().execute(query, context_value=canned(rows))
    slow = await ordinary().execute(query, context_value=canned(rows))
    data, errors = outcome(fast)
    assert (data, errors) == outcome(slow)
    assert [path[-1] for _, path, _ in errors] == failed  # the case was real
    if data is not None:  # the good row is whole; a blank date is null
        page = data["purchaseInvoices"]
        last = page["nodes"][-1] if "nodes" in page else page["edges"][-1]["node"]
        assert last["totalAmountIncludingTax"] == "-0.01" and last["invoiceDate"] is None


class CountFields(SchemaExtension):
    """Field middleware (an extension's `resolve` hook) must see every field."""

    seen: list[str] = []

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        CountFields.seen.append(info.field_name)
        return _next(root, info, *args, **kwargs)


async def test_field_middleware_still_sees_every_field() -> None:
    rows = [GOOD]
    CountFields.seen = []
    await build_schema([CountFields]).execute(INVOICES, context_value=canned(rows))
    fast_seen = sorted(CountFields.seen)
    CountFields.seen = []
    await ordinary([CountFields]).execute(INVOICES, context_value=canned(rows))
    assert fast_seen == sorted(CountFields.seen)
    assert "totalAmountIncludingTax" in fast_seen and "number" in fast_seen
