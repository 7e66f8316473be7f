"""Cursors over HTTP through the whole gateway: signed with a key derived from
BCGRAPH_ENCRYPTION_KEYS, so replicas that share the keys take each other's cursors, a
gateway with other keys refuses them, and a cursor is its user's alone."""

from __future__ import annotations

from typing import Any

from gateway.connections import ConnectionStoreConfig, generate_key
from sandbox.app import create_sandbox
from tests.conftest import ALICE, sandbox_settings
from tests.gateway.stack import Stack, running_stack

PAGE = """query($a: String) { vendors(first: 4, after: $a) {
  pageInfo { hasNextPage endCursor } nodes { number } } }"""


async def page(stack: Stack, user: str, after: str | None = None) -> dict[str, Any]:
    body = (await stack.graphql(user, PAGE, {"a": after})).json()
    assert "errors" not in body, body
    return dict(body["data"]["vendors"])


async def refusal(stack: Stack, user: str, after: str) -> str:
    body = (await stack.graphql(user, PAGE, {"a": after})).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    return str(error["message"])


def keys(*secrets: str) -> dict[str, Any]:
    return {"store": ConnectionStoreConfig(url="memory://", encryption_keys=secrets)}


async def test_replicas_sharing_keys_take_each_others_cursors() -> None:
    sandbox = create_sandbox(sandbox_settings())
    shared, other = generate_key(), generate_key()
    async with sandbox.router.lifespan_context(sandbox):
        async with (
            running_stack(sandbox, **keys(shared)) as one,
            running_stack(sandbox, **keys(generate_key(), shared)) as rotated,
            running_stack(sandbox, **keys(other)) as foreign,
        ):
            for stack in (one, rotated, foreign):
                await stack.connect("user-a", ALICE)
            await one.connect("user-b", ALICE)
            first = await page(one, "user-a")
            cursor = first["pageInfo"]["endCursor"]
            # Another replica, whose older key is the one that signed it.
            second = await page(rotated, "user-a", cursor)
            again = await page(one, "user-a", cursor)
            assert second["nodes"] == again["nodes"] != first["nodes"]
            # It signs with its newest key, which the first replica lacks.
            newer = second["pageInfo"]["endCursor"]
            assert "not issued by this gateway" in await refusal(one, "user-a", newer)
            assert "not issued by this gateway" in await refusal(foreign, "user-a", cursor)
            # The same BC login, but another user of the gateway.
            assert "another user" in await refusal(one, "user-b", cursor)
