"""`me`, `setDefaultCompany` and `disconnect` through the whole gateway: read from and
written to the connection store, without a call to BC."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from gateway.connections import ConnectionStoreConfig, generate_key
from sandbox.directory import CONTOSO_TENANT, FABRIKAM_TENANT
from tests.conftest import ALICE, BASE_URL, CAROL
from tests.gateway.stack import Stack, running_stack

ME = "{ me { userId connected tenantId environment defaultCompanyId } }"


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async with running_stack() as running:
        yield running


async def data(stack: Stack, user: str, query: str, variables: dict[str, Any] | None = None) -> Any:
    body = (await stack.graphql(user, query, variables)).json()
    assert "errors" not in body, body
    return body["data"]


async def error(
    stack: Stack, user: str, query: str, variables: dict[str, Any] | None = None
) -> Any:
    body = (await stack.graphql(user, query, variables)).json()
    [only] = body["errors"]
    return only


async def api_requests(stack: Stack) -> int:
    return int((await stack.idp.get("/_sandbox/stats")).json()["httpRequests"])


async def test_me_before_and_after_connecting_without_calling_bc(stack: Stack) -> None:
    assert (await data(stack, "user-a", ME))["me"] == {
        "userId": "user-a",
        "connected": False,
        "tenantId": None,
        "environment": None,
        "defaultCompanyId": None,
    }
    await stack.connect("user-a", ALICE)
    companies = (await data(stack, "user-a", "{ companies { id } }"))["companies"]
    await stack.idp.delete("/_sandbox/stats")
    me = (await data(stack, "user-a", ME))["me"]
    assert me["connected"] is True and me["userId"] == "user-a"
    assert me["tenantId"] == CONTOSO_TENANT and me["environment"] == "production"
    assert me["defaultCompanyId"] in {c["id"] for c in companies}
    assert await api_requests(stack) == 0


async def test_set_default_company_applies_to_later_fields_and_requests(stack: Stack) -> None:
    await stack.connect("user-a", ALICE)
    me = (await data(stack, "user-a", ME))["me"]
    companies = (await data(stack, "user-a", "{ companies { id name } }"))["companies"]
    other = next(c for c in companies if c["id"] != me["defaultCompanyId"])
    # In one document: the vendor created after the switch lands in the new default company.
    switched = await data(
        stack,
        "user-a",
        """mutation($c: UUID!) { setDefaultCompany(companyId: $c) { defaultCompanyId }
             createVendor(input: {displayName: "After the switch"}) { id } }""",
        {"c": other["id"]},
    )
    assert switched["setDefaultCompany"]["defaultCompanyId"] == other["id"]
    assert (await data(stack, "user-a", ME))["me"]["defaultCompanyId"] == other["id"]
    found = await data(
        stack,
        "user-a",
        """query($c: UUID) { vendors(companyId: $c, filter: {displayName: {eq: "After the switch"}})
             { totalCount } }""",
        {"c": other["id"]},
    )
    assert found["vendors"]["totalCount"] == 1
    # The choice is stored: a new request uses it without being told.
    default = await data(
        stack,
        "user-a",
        '{ vendors(filter: {displayName: {eq: "After the switch"}}) { totalCount } }',
    )
    assert default["vendors"]["totalCount"] == 1


async def test_a_company_of_another_connection_cannot_be_the_default(stack: Stack) -> None:
    await stack.connect("user-a", ALICE)
    await stack.connect("user-c", CAROL)
    carols = (await data(stack, "user-c", "{ companies { id } }"))["companies"]
    refused = await error(
        stack,
        "user-a",
        "mutation($c: UUID!) { setDefaultCompany(companyId: $c) { defaultCompanyId } }",
        {"c": carols[0]["id"]},
    )
    assert refused["extensions"]["code"] == "BAD_USER_INPUT"
    assert refused["extensions"]["field"] == "companyId"
    assert (await data(stack, "user-a", ME))["me"]["defaultCompanyId"] != carols[0]["id"]


async def test_disconnect_deletes_the_connection(stack: Stack) -> None:
    await stack.connect("user-a", ALICE)
    assert (await data(stack, "user-a", "mutation { disconnect }")) == {"disconnect": True}
    assert await stack.gateway.state.runtime.store.get("user-a") is None
    assert (await data(stack, "user-a", ME))["me"]["connected"] is False
    gone = await error(stack, "user-a", "{ vendors { totalCount } }")
    assert gone["extensions"]["code"] == "NOT_CONNECTED"
    assert (await data(stack, "user-a", "mutation { disconnect }")) == {"disconnect": False}
    not_connected = await error(
        stack,
        "user-a",
        "mutation($c: UUID!) { setDefaultCompany(companyId: $c) { connected } }",
        {"c": "824820a2-508c-ed11-aada-000d3a298ab3"},
    )
    assert not_connected["extensions"]["code"] == "NOT_CONNECTED"


async def test_disconnect_ends_bc_access_within_the_same_document(stack: Stack) -> None:
    await stack.connect("user-a", ALICE)
    body = (
        await stack.graphql(
            "user-a",
            """mutation { disconnect
                 createVendor(input: {displayName: "After disconnect"}) { id } }""",
        )
    ).json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_CONNECTED"


async def test_a_tampered_connection_reads_as_not_connected_until_connecting_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "connections.db"
    store = ConnectionStoreConfig(url=f"sqlite:///{path}", encryption_keys=(generate_key(),))
    vendors = "{ vendors { totalCount } }"
    async with running_stack(store=store) as stack:
        await stack.connect("user-a", ALICE)
        await stack.connect("user-c", CAROL)
        # Someone who can write the database (not read the key): Carol's row gets Alice's
        # record (her BC token), and Alice's record sends her token to another host.
        with closing(sqlite3.connect(path, isolation_level=None)) as db:
            rows = "bcgraph_connections"
            record, secret = db.execute(
                f"SELECT data, secret FROM {rows} WHERE user_id = 'user-a'"
            ).fetchone()
            db.execute(
                f"UPDATE {rows} SET data = ?, secret = ? WHERE user_id = 'user-c'",
                (record.replace('"user-a"', '"user-c"'), secret),
            )
            db.execute(
                f"UPDATE {rows} SET data = ? WHERE user_id = 'user-a'",
                (record.replace(f'"{BASE_URL}/', '"https://evil.example/'),),
            )
        before = await api_requests(stack)
        for user in ("user-a", "user-c"):
            refused = await error(stack, user, vendors)
            assert refused["extensions"]["code"] == "NOT_CONNECTED"
            assert refused["extensions"]["reason"] == "not_connected"
            assert (await data(stack, user, ME))["me"]["connected"] is False
        assert await api_requests(stack) == before  # no token went anywhere

        # Connecting again writes a new record over the refused one.
        await stack.connect("user-c", CAROL)
        me = (await data(stack, "user-c", ME))["me"]
        assert me["connected"] is True and me["tenantId"] == FABRIKAM_TENANT
        assert (await data(stack, "user-c", vendors))["vendors"]["totalCount"] > 0
        # Disconnecting removes a refused record too: it was not a usable connection.
        assert (await data(stack, "user-a", "mutation { disconnect }")) == {"disconnect": False}
        with closing(sqlite3.connect(path)) as db:
            left = db.execute(f"SELECT user_id FROM {rows}").fetchall()
        assert left == [("user-c",)]
