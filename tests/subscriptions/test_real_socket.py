"""Dev mode as it runs, under uvicorn on a real socket, with a real WebSocket client
(the `websockets` package) speaking graphql-transport-ws: events for a mutation through
the gateway and for a direct write to BC, the protocol's ping and complete, and tokens
refused with a reason the client can act on (both protocols)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import websockets

from gateway.app import create_app
from gateway.auth import UserTokenConfig, mint_user_token
from gateway.connections import ConnectionStoreConfig, generate_key
from gateway.dev import DEV_USER_TOKEN_SECRET, dev_server
from gateway.oauth import OAuthConfig
from gateway.settings import Settings
from gateway.webhooks import WebhookConfig
from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT
from sandbox.settings import WebhookSettings
from tests.conftest import ALICE, sandbox_settings
from tests.servers import free_port, serve

SUBSCRIPTION = """subscription { recordChanged(entities: [VENDOR]) {
  entity changeType recordId companyId record { ... on Vendor { displayName } } } }"""


async def next_message(ws: Any, kinds: tuple[str, ...] = ("next",)) -> dict[str, Any]:
    while True:
        message: dict[str, Any] = json.loads(await ws.recv(decode=True))
        if message["type"] in kinds:
            return message


async def test_graphql_transport_ws_over_a_real_socket() -> None:
    # `bcgraph serve` against a separately started sandbox: two servers, every hop a
    # socket (the gateway's BC calls, BC's webhooks, the client's WebSocket).
    gateway_port, sandbox_port = free_port(), free_port()
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    sandbox = create_sandbox(
        sandbox_settings(public_url=sandbox_url, webhooks=WebhookSettings(delay_seconds=0.0))
    )
    bc_token = sandbox.state.sandbox.identity.issue_access_token(user=ALICE)
    user_tokens = UserTokenConfig(hs256_secret="a-real-socket-test-secret-of-32-bytes!")
    gateway = create_app(
        Settings(
            public_url=gateway_url,
            oauth=OAuthConfig(redirect_url=f"{gateway_url}/oauth/callback").resolve(sandbox_url),
            user_tokens=user_tokens,
            store=ConnectionStoreConfig(url="memory://", encryption_keys=(generate_key(),)),
            webhooks=WebhookConfig(poll_interval_seconds=0.2),
        )
    )
    token = mint_user_token(user_tokens, "socket-user")
    root = f"{sandbox_url}/v2.0/{CONTOSO_TENANT}/production/api/v2.0"
    with serve(sandbox, sandbox_port), serve(gateway, gateway_port) as url:
        async with (
            httpx.AsyncClient(base_url=url, timeout=10) as http,
            websockets.connect(
                url.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]
            ) as ws,
        ):
            auth = {"Authorization": f"Bearer {token}"}
            start = await http.get("/connect/start", params={"login_hint": ALICE}, headers=auth)
            consent = await http.get(start.headers["location"])
            finished = await http.get(consent.headers["location"])
            assert finished.status_code == 200, finished.text
            assert ws.subprotocol == "graphql-transport-ws"
            bc_auth = {"Authorization": f"Bearer {bc_token}"}
            await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            await ws.send(json.dumps({"type": "ping"}))
            assert json.loads(await ws.recv())["type"] == "pong"
            await ws.send(
                json.dumps({"id": "v", "type": "subscribe", "payload": {"query": SUBSCRIPTION}})
            )

            # Live once BC has the subscription (its handshake reached the gateway).
            for _ in range(500):
                listed = await http.get(f"{root}/subscriptions", headers=bc_auth)
                assert listed.status_code == 200, listed.text
                if listed.json()["value"]:
                    break
            else:
                raise AssertionError("BC never got the subscription")

            created = await http.post(
                "/graphql",
                headers=auth,
                json={"query": 'mutation { createVendor(input: {displayName: "Socket"}) { id } }'},
            )
            vid = created.json()["data"]["createVendor"]["id"]
            event = (await next_message(ws))["payload"]["data"]["recordChanged"]
            assert (event["changeType"], event["recordId"]) == ("CREATED", vid)
            assert event["record"] == {"displayName": "Socket"}

            # Straight to BC, as another BC client would.
            company = event["companyId"]
            patched = await http.patch(
                f"{root}/companies({company})/vendors({vid})",
                json={"displayName": "Socket 2"},
                headers={**bc_auth, "If-Match": "*"},
            )
            assert patched.status_code == 200
            event = (await next_message(ws))["payload"]["data"]["recordChanged"]
            assert (event["changeType"], event["record"]) == (
                "UPDATED",
                {"displayName": "Socket 2"},
            )

            deleted = await http.post(
                "/graphql",
                headers=auth,
                json={"query": f'mutation {{ deleteVendor(id: "{vid}") }}'},
            )
            assert deleted.json()["data"]["deleteVendor"] == vid
            event = (await next_message(ws))["payload"]["data"]["recordChanged"]
            assert (event["changeType"], event["record"]) == ("DELETED", None)

            await ws.send(json.dumps({"id": "v", "type": "complete"}))
            await ws.send(json.dumps({"type": "ping"}))
            assert (await next_message(ws, ("pong", "next")))["type"] == "pong"


async def test_a_bad_token_in_connection_init_closes_the_socket() -> None:
    port = free_port()
    server = dev_server("127.0.0.1", port)
    with serve(server.app, port) as url:
        async with websockets.connect(
            url.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": {"token": "nope"}}))
            try:
                await ws.recv()
            except websockets.ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code == 4403
            else:
                raise AssertionError("the socket stayed open")


async def test_a_refused_token_closes_with_the_reason_a_client_can_act_on() -> None:
    # graphql-transport-ws: 4403 (the protocol's "Forbidden" for a refused connection_init)
    # with the gateway's reason as the close reason, where it said only "Forbidden" before.
    port = free_port()
    server = dev_server("127.0.0.1", port)
    expired = mint_user_token(
        UserTokenConfig(hs256_secret=DEV_USER_TOKEN_SECRET), "socket-user", ttl=-3600
    )
    payloads = {
        "token_expired": {"authorization": f"Bearer {expired}"},
        "malformed_token": {"token": "nope"},
        "malformed_header": {"authorization": "Basic abc"},
    }
    with serve(server.app, port) as url:
        for reason, payload in payloads.items():
            async with websockets.connect(
                url.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]
            ) as ws:
                await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
                try:
                    await ws.recv()
                except websockets.ConnectionClosed as closed:
                    assert closed.rcvd is not None
                    assert (closed.rcvd.code, closed.rcvd.reason) == (4403, reason)
                else:
                    raise AssertionError(f"the socket stayed open ({reason})")


async def test_a_refused_token_over_legacy_graphql_ws_says_why_in_connection_error() -> None:
    port = free_port()
    server = dev_server("127.0.0.1", port)
    expired = mint_user_token(
        UserTokenConfig(hs256_secret=DEV_USER_TOKEN_SECRET), "socket-user", ttl=-3600
    )
    with serve(server.app, port) as url:
        async with websockets.connect(
            url.replace("http", "ws") + "/graphql", subprotocols=["graphql-ws"]
        ) as ws:
            payload = {"authorization": f"Bearer {expired}"}
            await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
            refusal = json.loads(await ws.recv())
            assert refusal["type"] == "connection_error"
            assert refusal["payload"]["extensions"] == {
                "code": "UNAUTHENTICATED",
                "reason": "token_expired",
            }
            assert refusal["payload"]["message"] == "The user token has expired."
            try:
                await ws.recv()
            except websockets.ConnectionClosed:
                pass
            else:
                raise AssertionError("the socket stayed open")
