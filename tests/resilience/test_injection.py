"""OData injection: a filter value built from hostile text (quotes, `) or (`, `$`, `&`, `#`,
percent signs, unicode, thousands of characters) never changes what the query means.

For every value and operator the gateway's answer must equal

* a direct sandbox query for the literal value, whose `$filter` this test writes by hand
  (OData quoting: a `'` inside a string literal is written `''`; httpx percent-encodes the
  query string), independently of gateway/bc/odata/; and
* the same predicate evaluated here in Python over every vendor, so a direct query that is
  itself wrong (a test bug) cannot make the two sides agree by accident.

Decoys make a wrong reading visible: for `a%27b` a vendor `a'b` exists (a double decode
would find it), for `a+b` a vendor `a b` (a form decode), and `') or ('1' eq '1`-style values
would match every vendor if they escaped their quotes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.directory import CONTOSO_TENANT
from tests.conftest import ALICE, BC
from tests.graphql.conftest import Gateway, gateway_for

HOSTILE = [
    "O'Brien Supplies",
    "'",
    "''",
    "') or ('1' eq '1",
    "x' or displayName ne '",
    "' or true or '",
    "') or contains(displayName,'",
    "a%27b",
    "%27) or (1 eq 1",
    "%",
    "a+b",
    "$top=1&$skip=0",
    "&$filter=true",
    "a&b=c",
    "#fragment",
    "?x=1",
    "/vendors",
    "\\'",
    '"quoted"',
    "(",
    ")",
    "*",
    "eq",
    "null",
    "Ünïcödé 供应商 😀",
    "\u202eright-to-left",
    "tab\tand\nnewline",
    "A" * 5000,
    "'" * 1000,
    "') or (" * 300,
]
# Vendors created so the values above have something to find, or to wrongly find.
DECOYS = [
    "a'b",
    "a b",
    "a+b",
    "a%27b",
    "O'Brien Supplies",
    "x",
    "'",
    "''",
    "%",
    "Ünïcödé 供应商 😀",
]

OPERATORS: dict[str, tuple[str, Callable[[str, str], bool]]] = {
    # GraphQL operator -> (the hand-written OData filter for the literal, Python's meaning)
    "eq": ("displayName eq {v}", lambda name, v: name == v),
    "ne": ("displayName ne {v}", lambda name, v: name != v),
    "contains": ("contains(displayName,{v})", lambda name, v: v in name),
    "startsWith": ("startswith(displayName,{v})", lambda name, v: name.startswith(v)),
    "endsWith": ("endswith(displayName,{v})", lambda name, v: name.endswith(v)),
}

QUERY = "query($f: VendorFilter) { vendors(first: 1000, filter: $f) { nodes { id } } }"


def quoted(value: str) -> str:
    """An OData string literal, written here, not by the gateway: quotes doubled."""
    return "'" + value.replace("'", "''") + "'"


@pytest.fixture
async def gw(sandbox_app: Any) -> AsyncIterator[Gateway]:
    gateway = await gateway_for(sandbox_app, ALICE, CONTOSO_TENANT)
    yield gateway
    await gateway.aclose()


async def vendors(bc: BC) -> list[dict[str, Any]]:
    response = await bc.get("vendors", params={"$select": "id,displayName"})
    assert response.status_code == 200, response.text
    return list(response.json()["value"])


async def direct(bc: BC, odata_filter: str, schema_2_1: bool = False) -> set[str]:
    params = {"$filter": odata_filter, "$select": "id"}
    if schema_2_1:
        params["$schemaversion"] = "2.1"  # `in` needs it; without it BC ignores the clause
    response = await bc.get("vendors", params=params)
    assert response.status_code == 200, (odata_filter[:200], response.text[:300])
    return {row["id"] for row in response.json()["value"]}


async def gateway_ids(gw: Gateway, graphql_filter: dict[str, Any]) -> set[str]:
    data = await gw.data(QUERY, {"f": graphql_filter})
    return {node["id"] for node in data["vendors"]["nodes"]}


async def compare(gw: Gateway, bc: BC, everyone: list[dict[str, Any]], value: str) -> int:
    """Each operator on `value`: gateway == direct == Python. The number of matches seen."""
    matched = 0
    for op, (template, meaning) in OPERATORS.items():
        expected = {v["id"] for v in everyone if meaning(v["displayName"], value)}
        by_hand = await direct(bc, template.format(v=quoted(value)))
        through_gateway = await gateway_ids(gw, {"displayName": {op: value}})
        assert by_hand == expected, (op, value[:80])
        assert through_gateway == expected, (op, value[:80])
        matched += len(expected) if op != "ne" else 0
    # `in`, with the value next to a plain one that exists.
    pair = [value, "x"]
    expected = {v["id"] for v in everyone if v["displayName"] in pair}
    in_filter = f"displayName in ({quoted(value)},{quoted('x')})"
    assert await direct(bc, in_filter, schema_2_1=True) == expected, ("in", value[:80])
    assert await gateway_ids(gw, {"displayName": {"in": pair}}) == expected, ("in", value[:80])
    return matched


async def test_hostile_filter_values_mean_only_themselves(gw: Gateway, bc: BC) -> None:
    for name in DECOYS:
        created = await bc.post("vendors", json={"displayName": name})
        assert created.status_code == 201, created.text
    everyone = await vendors(bc)
    matched = 0
    for value in HOSTILE:
        matched += await compare(gw, bc, everyone, value)
    # The decoys were found where they should be (so "nothing matched anywhere" cannot pass
    # as agreement), and no hostile value matched everything.
    assert matched >= len(DECOYS)
    for value in ("') or ('1' eq '1", "' or true or '", "%27) or (1 eq 1"):
        assert await gateway_ids(gw, {"displayName": {"eq": value}}) == set()


HOSTILE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("'\"()$&#%+=?/\\*, ")),
        st.sampled_from(["eq", "or", "and", "not", "%27", "%2527", "''", "') or ('"]),
        # Lone surrogates cannot travel in JSON; NUL is not storable in BC text fields.
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    min_size=1,
    max_size=30,
).map("".join)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(value=HOSTILE_TEXT, exists=st.booleans())
async def test_any_hostile_text_means_only_itself(
    gw: Gateway, bc: BC, value: str, exists: bool
) -> None:
    # Some values exist as a vendor, so matches are tested as well as non-matches.
    if exists and len(value) <= 100:
        created = await bc.post("vendors", json={"displayName": value})
        assert created.status_code == 201, created.text
    await compare(gw, bc, await vendors(bc), value)
