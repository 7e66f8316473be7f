"""One origin policy for HTTP and WebSockets: what it allows, how settings and dev mode
build it, CORS preflights with the headers common clients send, and WebSocket handshakes
over real sockets (uvicorn and the `websockets` client), allowed and refused."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets
from starlette.types import ASGIApp, Message
from websockets.exceptions import InvalidStatus

from gateway.dev import dev_server
from gateway.origins import DEFAULT_ALLOW_HEADERS, LOOPBACK_ORIGINS, OriginPolicy
from gateway.settings import Settings, SettingsError
from tests.gateway.stack import running_stack
from tests.servers import free_port, serve
from tests.subscriptions.wsclient import TRANSPORT_WS, websocket_scope

APP = "https://app.example"
PREFLIGHT = {"Access-Control-Request-Method": "POST"}
# What the browser lists in Access-Control-Request-Headers for each kind of client.
CLIENT_HEADERS = {
    "fetch with a token": "authorization, content-type",
    "OpenTelemetry fetch instrumentation": "content-type, traceparent, tracestate, baggage",
    "Sentry": "baggage, content-type, sentry-trace",
    "Apollo Client (client awareness, CSRF header)": (
        "apollographql-client-name, apollographql-client-version, content-type, "
        "x-apollo-operation-name, apollo-require-preflight"
    ),
    "a request id": "x-request-id",
}


def test_the_policy_matches_origins_as_browsers_send_them() -> None:
    policy = OriginPolicy(("HTTPS://App.Example:443/", "http://localhost:*", "http://[::1]:*"))
    assert policy.origins == (APP, "http://localhost:*", "http://[::1]:*")
    assert policy.allows(APP) and policy.allows("https://app.example:443")
    assert not policy.allows("http://app.example")  # another scheme is another origin
    assert not policy.allows("https://app.example:8443")
    assert not policy.allows("https://evil.app.example")
    for origin in ("http://localhost:5173", "http://localhost", "http://[::1]:3000"):
        assert policy.allows(origin), origin
    assert not policy.allows("https://localhost:5173")
    assert not policy.allows("http://localhost.evil.example:5173")
    assert not policy.allows("null") and not policy.allows("")
    assert OriginPolicy(("*",)).allows("https://anything.example")
    assert not OriginPolicy().allows(APP)


@pytest.mark.parametrize(
    "origin",
    [
        "app.example",
        "https://app.example/path",
        "https://app.example?x=1",
        "ftp://app.example",
        "https://user@app.example",
        "https://app.example:99999",
        "https://app.example:5173:*",
    ],
)
def test_anything_but_an_origin_is_refused_when_the_policy_is_made(origin: str) -> None:
    with pytest.raises(ValueError, match="not an origin"):
        OriginPolicy((origin,))


def test_settings_read_origins_and_allowed_headers() -> None:
    settings = Settings.from_env(
        {"BCGRAPH_CORS_ORIGINS": f" {APP} , http://localhost:* ,", "BCGRAPH_CORS_ALLOW_HEADERS": ""}
    )
    assert settings.cors.origins == (APP, "http://localhost:*")
    assert settings.cors.allow_headers == DEFAULT_ALLOW_HEADERS
    narrow = Settings.from_env({"BCGRAPH_CORS_ALLOW_HEADERS": "Authorization, Content-Type"})
    assert narrow.cors.allow_headers == ("Authorization", "Content-Type")
    assert Settings.from_env({}).cors == OriginPolicy()
    with pytest.raises(SettingsError, match=r"CORS_ORIGINS.*'app\.example' is not an origin"):
        Settings.from_env({"BCGRAPH_CORS_ORIGINS": "app.example"})
    with pytest.raises(SettingsError, match=r"CORS_ALLOW_HEADERS.*not an HTTP header name"):
        Settings.from_env({"BCGRAPH_CORS_ALLOW_HEADERS": "x-ok, not a header"})


@pytest.mark.parametrize("client", list(CLIENT_HEADERS))
async def test_preflights_admit_what_common_clients_send(client: str) -> None:
    async with running_stack(cors=OriginPolicy((APP,))) as stack:
        requested = CLIENT_HEADERS[client]
        answer = await stack.http.options(
            "/graphql",
            headers={"Origin": APP, **PREFLIGHT, "Access-Control-Request-Headers": requested},
        )
        assert answer.status_code == 200, (client, answer.text)
        allowed = answer.headers["access-control-allow-headers"].lower()
        for header in requested.split(", "):
            assert header in allowed, (client, header)
        assert answer.headers["access-control-allow-origin"] == APP


async def test_the_allowed_headers_can_be_narrowed() -> None:
    policy = OriginPolicy((APP,), allow_headers=("Authorization", "Content-Type"))
    async with running_stack(cors=policy) as stack:
        refused = await stack.http.options(
            "/graphql",
            headers={"Origin": APP, **PREFLIGHT, "Access-Control-Request-Headers": "traceparent"},
        )
        assert refused.status_code == 400 and "headers" in refused.text
        allowed = await stack.http.options(
            "/graphql",
            headers={"Origin": APP, **PREFLIGHT, "Access-Control-Request-Headers": "authorization"},
        )
        assert allowed.status_code == 200


async def test_dev_mode_answers_preflights_from_any_loopback_origin() -> None:
    # Before: no CORS in dev, so OPTIONS fell through to the sandbox mounted behind the
    # gateway and answered 404; a Vite dev server on :5173 could not call the gateway.
    server = dev_server("127.0.0.1", 8000)
    assert server.app.state.runtime.settings.cors.origins == LOOPBACK_ORIGINS
    async with (
        server.app.router.lifespan_context(server.app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=server.app), base_url=server.public_url
        ) as http,
    ):
        for origin in ("http://localhost:5173", "http://127.0.0.1:3000", "http://[::1]:8080"):
            answer = await http.options(
                "/graphql",
                headers={
                    "Origin": origin,
                    **PREFLIGHT,
                    "Access-Control-Request-Headers": "content-type, traceparent",
                },
            )
            assert answer.status_code == 200, (origin, answer.status_code, answer.text)
            assert answer.headers["access-control-allow-origin"] == origin
        # A page of another site is refused outright in dev mode (gateway/hosts.py): without
        # a token it would act as the demo user.
        elsewhere = await http.options("/graphql", headers={"Origin": APP, **PREFLIGHT})
        assert elsewhere.status_code == 403
        query = await http.post(
            "/graphql",
            json={"query": "{ companies { name } }"},
            headers={"Origin": "http://localhost:5173"},
        )
        assert query.json()["data"]["companies"]
        assert query.headers["access-control-allow-origin"] == "http://localhost:5173"


def test_configured_origins_replace_dev_modes_loopback_default() -> None:
    server = dev_server("127.0.0.1", 8000, cors=OriginPolicy((APP,)))
    assert server.app.state.runtime.settings.cors.origins == (APP,)


async def _handshake(url: str, origin: str | None) -> dict[str, object]:
    """Opens a graphql-transport-ws socket from `origin` (None: no Origin header, as a
    backend client) and returns connection_init's answer."""
    async with websockets.connect(
        url.replace("http", "ws", 1) + "/graphql",
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        origin=origin,  # type: ignore[arg-type]
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        answer: dict[str, object] = json.loads(await ws.recv())
        return answer


async def _refused(url: str, origin: str) -> int:
    with pytest.raises(InvalidStatus) as refused:
        await _handshake(url, origin)
    return refused.value.response.status_code


async def test_websocket_handshakes_follow_the_origin_policy() -> None:
    # Before: Strawberry was given no allowed origins, so every cross-origin page's socket
    # was refused with 403 while its queries over HTTP were allowed by CORS.
    port = free_port()
    server = dev_server("127.0.0.1", port, cors=OriginPolicy((APP, "http://localhost:*")))
    with serve(server.app, port) as url:
        for origin in (APP, "http://localhost:5173", None, url):  # None: a backend client
            assert (await _handshake(url, origin))["type"] == "connection_ack", origin
        for origin in ("https://evil.example", "http://app.example", "null"):
            assert await _refused(url, origin) == 403, origin


async def _first_answer(app: ASGIApp, origin: str | None) -> str:
    """The gateway's first answer to a handshake from `origin`, in process: websocket.accept,
    or websocket.close before accepting (which a server sends as 403)."""
    scope = websocket_scope(TRANSPORT_WS, {} if origin is None else {"origin": origin})
    inbox: asyncio.Queue[Message] = asyncio.Queue()
    outbox: asyncio.Queue[Message] = asyncio.Queue()
    await inbox.put({"type": "websocket.connect"})
    task = asyncio.create_task(app(scope, inbox.get, outbox.put))
    answer = await asyncio.wait_for(outbox.get(), 5)
    await inbox.put({"type": "websocket.disconnect", "code": 1000})
    await asyncio.wait_for(task, 5)
    return str(answer["type"])


async def test_without_origins_only_same_origin_and_backend_sockets_open() -> None:
    async with running_stack() as stack:  # BCGRAPH_CORS_ORIGINS unset
        assert stack.gateway.state.runtime.settings.cors.middleware() is None
        assert await _first_answer(stack.gateway, None) == "websocket.accept"
        assert await _first_answer(stack.gateway, "http://gateway.test") == "websocket.accept"
        assert await _first_answer(stack.gateway, "http://localhost:5173") == "websocket.close"
    async with running_stack(cors=OriginPolicy(("http://localhost:*",))) as stack:
        assert await _first_answer(stack.gateway, "http://localhost:5173") == "websocket.accept"
        assert await _first_answer(stack.gateway, APP) == "websocket.close"
