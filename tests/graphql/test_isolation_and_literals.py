"""Literals cannot change a filter's meaning, and two users' requests never mix."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BC
from tests.graphql.conftest import Gateway

BY_NAME = "query($n: String!) { vendors(first: 100, filter: {displayName: {eq: $n}}) { nodes { id displayName } } }"

names = st.text(
    # Lone surrogates cannot travel in JSON; NUL is not storable in BC text fields.
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=100,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=names)
async def test_any_display_name_round_trips_and_selects_exactly_its_vendor(
    gw: Gateway, bc: BC, name: str
) -> None:
    created = await bc.post("vendors", json={"displayName": name})
    assert created.status_code == 201, created.text
    data = await gw.data(BY_NAME, {"n": name})
    found = {n["id"] for n in data["vendors"]["nodes"]}
    everyone = (await bc.get("vendors?$select=id,displayName")).json()["value"]
    assert found == {v["id"] for v in everyone if v["displayName"] == name}
    assert created.json()["id"] in found


async def test_hostile_literals_do_not_change_the_query(gw: Gateway, bc: BC) -> None:
    hostile = [
        "O'Brien Supplies",
        "') or ('1' eq '1",
        "x' or displayName ne '",
        "$top=1&",
        "#",
        "a%27b",
    ]
    for name in hostile:
        created = (await bc.post("vendors", json={"displayName": name})).json()
        data = await gw.data(BY_NAME, {"n": name})
        everyone = (await bc.get("vendors?$select=id,displayName")).json()["value"]
        expected = {v["id"] for v in everyone if v["displayName"] == name}
        assert {n["id"] for n in data["vendors"]["nodes"]} == expected
        assert created["id"] in expected and len(expected) < len(everyone)


async def test_two_users_in_the_same_tick_never_share_a_batch_or_a_loader(
    gw: Gateway, gw_carol: Gateway
) -> None:
    mine = (await gw.data("{ vendors(first: 2) { nodes { id } } }"))["vendors"]["nodes"]
    await gw.reset_stats()
    query = """query($a: UUID!, $b: UUID!) {
      a: vendor(id: $a) { displayName } b: vendor(id: $b) { displayName }
      companies { name } }"""
    variables = {"a": mine[0]["id"], "b": mine[1]["id"]}
    await gw.execute(query, variables)
    alone = await gw.upstream_requests()
    await gw.reset_stats()
    alice, carol = await asyncio.gather(
        gw.execute(query, variables), gw_carol.execute(query, variables)
    )
    assert alice.errors is None and alice.data["a"]["displayName"]
    # Carol asks for Alice's ids in the same tick: she finds nothing of Alice's.
    assert carol.data is None or carol.data.get("a") is None
    assert {e.extensions["code"] for e in carol.errors} == {"NOT_FOUND"}
    stats = await gw.stats()
    # Each user's calls went in their own requests, under their own token: together they
    # cost exactly twice what one user costs alone.
    assert stats["httpRequests"] == 2 * alone
    assert set(stats["peakConcurrencyByUser"]) >= {
        "0f1e2d3c-0000-4000-8000-000000000a11",
        "0f1e2d3c-0000-4000-8000-000000000ca1",
    }
