"""The pieces bench/events.py runs: the sandbox and gateway processes, a load balancer in
front of replicas, and the three kinds of event consumer (a WebSocket subscriber, an SSE
subscriber, the Standard Webhooks receiver), each stamping what it gets with time.time()."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

USER_TOKEN_SECRET = "bench-events-user-token-secret-0123456789abcdef"
EVENTS = """subscription { recordChanged(entities: [VENDOR]) {
  changeType recordId record { ... on Vendor { displayName } } } }"""


# -- inside the server processes ------------------------------------------------------


def serve_sandbox(port: int) -> None:
    from sandbox.app import create_sandbox
    from sandbox.settings import SandboxSettings, WebhookSettings

    # BC waits 30 s before it notifies and retries a failed POST after 1, 1, 10, 100 and
    # 1000 minutes; both compressed here, so what is measured is the gateway's part.
    webhooks = WebhookSettings(delay_seconds=0.0, retry_schedule=(1.0, 2.0, 4.0, 8.0))
    app = create_sandbox(SandboxSettings(public_url=f"http://127.0.0.1:{port}", webhooks=webhooks))
    _run(app, port)


def serve_gateway(port: int, config: dict[str, Any]) -> None:
    """A gateway as `bcgraph serve` builds it, its settings from `config` (events.py's
    gateway_config)."""
    from gateway.app import create_app
    from gateway.auth import UserTokenConfig
    from gateway.connections import ConnectionStoreConfig
    from gateway.delivery.config import DeliveryConfig
    from gateway.limits import LimitsConfig
    from gateway.oauth import OAuthConfig
    from gateway.pubsub import PubSubConfig
    from gateway.settings import Settings
    from gateway.webhooks import WebhookConfig

    public, store_url = config["public_url"], config["store_url"]
    settings = Settings(
        public_url=public,
        oauth=OAuthConfig(redirect_url=f"{public}/oauth/callback").resolve(config["sandbox_url"]),
        user_tokens=UserTokenConfig(hs256_secret=USER_TOKEN_SECRET),
        store=ConnectionStoreConfig(
            url=store_url, encryption_keys=(config["key"],), namespace=config["namespace"]
        ),
        pubsub=PubSubConfig(url=config["pubsub_url"]),
        # The sandbox notifies at once, so reconciliation may look 2 s back; it runs each
        # second, so a lost notification costs about 3 s.
        webhooks=WebhookConfig(
            poll_interval_seconds=1.0, reconcile_seconds=1.0, reconcile_lag_seconds=2.0
        ),
        events=DeliveryConfig(
            url=config["hook_url"],
            secret=config["secret"],
            entities=("vendors",),
            watch_seconds=1.0,
            retry_base_seconds=0.2,
            retry_max_seconds=2.0,
            poll_seconds=0.2,
            timeout_seconds=2.0,
            lease_seconds=5.0,
        ),
        limits=LimitsConfig(rate_per_second=0),
        log_level=config.get("log_level", "warning"),
    )
    # As `bcgraph serve` runs it: told to stop, it ends its event streams first.
    from gateway.observability.logs import logging_config
    from gateway.server import listen, serve

    log_config = logging_config(settings.log_format, settings.log_level)
    serve(create_app(settings), listen("127.0.0.1", port), log_config=log_config)


def _run(app: Any, port: int) -> None:
    import uvicorn

    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        loop="uvloop",
        http="httptools",
        access_log=False,
    )


# -- in the measuring process --------------------------------------------------------------


class Balancer:
    """HTTP in front of replicas, as a load balancer with health checks: each request goes
    to the first upstream that takes the connection. BC's notifications and the OAuth
    callback come through it; subscribers connect to replicas themselves."""

    def __init__(self, upstreams: list[str]) -> None:
        self.upstreams = upstreams

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        path = scope["raw_path"].decode() + (
            "?" + scope["query_string"].decode() if scope["query_string"] else ""
        )
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"host"]
        answer = None
        async with httpx.AsyncClient(timeout=30) as http:
            for upstream in self.upstreams:
                try:
                    answer = await http.request(
                        scope["method"], upstream + path, content=body, headers=headers
                    )
                    break
                except httpx.ConnectError:
                    continue
        if answer is None:
            await send({"type": "http.response.start", "status": 502, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        kept = [
            (k.encode(), v.encode())
            for k, v in answer.headers.items()
            if k.lower() not in ("content-length", "transfer-encoding", "content-encoding")
        ]
        await send({"type": "http.response.start", "status": answer.status_code, "headers": kept})
        await send({"type": "http.response.body", "body": answer.content})


@dataclass
class Sink:
    """What one consumer got: each change's name (the vendor's displayName the event
    carries) with the times it came, and for webhooks the webhook-id it came under."""

    label: str
    got: dict[str, list[float]] = field(default_factory=dict)
    ids: dict[str, list[str]] = field(default_factory=dict)
    connects: int = 0

    def add(self, name: str, at: float, webhook_id: str = "") -> None:
        self.got.setdefault(name, []).append(at)
        if webhook_id:
            self.ids.setdefault(name, []).append(webhook_id)


class Switch:
    """Whether a subscriber is meant to be connected (off: a subscriber outage)."""

    def __init__(self) -> None:
        self.on, self.off = asyncio.Event(), asyncio.Event()
        self.on.set()

    def set(self, value: bool) -> None:
        (self.on if value else self.off).set()
        (self.off if value else self.on).clear()


Session = Callable[[str], Awaitable[None]]


async def keep_subscribed(session: Session, bases: list[str], switch: Switch) -> None:
    """Runs `session` on the first of `bases` that holds, reconnecting (to the next one on a
    failure) whenever it ends, and closing it while `switch` is off. A reconnected
    subscriber gets no replay of what it missed: that is the protocols' contract."""
    at = 0
    while True:
        await switch.on.wait()
        run = asyncio.create_task(session(bases[at % len(bases)]))
        off = asyncio.create_task(switch.off.wait())
        try:
            await asyncio.wait({run, off}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            off.cancel()
            run.cancel()
            failed = False
            try:
                await run
            except asyncio.CancelledError:
                pass
            except Exception:  # any failure is a disconnection
                failed = True
        if failed:
            at += 1  # this replica failed: the next one
        await asyncio.sleep(0.1)


def _name(payload: dict[str, Any]) -> str | None:
    record = (payload.get("data") or {}).get("recordChanged", {}).get("record") or {}
    name = record.get("displayName")
    return name if isinstance(name, str) else None


def ws_session(token: str, sink: Sink) -> Session:
    import websockets

    async def session(base: str) -> None:
        url = base.replace("http://", "ws://") + "/graphql"
        async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
            ack = json.loads(await ws.recv())
            if ack.get("type") != "connection_ack":
                raise ConnectionError(f"not acknowledged: {ack}")
            subscribe = {"id": "1", "type": "subscribe", "payload": {"query": EVENTS}}
            await ws.send(json.dumps(subscribe))
            sink.connects += 1
            async for raw in ws:
                now = time.time()
                message = json.loads(raw)
                if message.get("type") == "next" and (name := _name(message["payload"])):
                    sink.add(name, now)
                elif message.get("type") in ("error", "complete"):
                    raise ConnectionError(f"the subscription ended: {message}")

    return session


def sse_session(token: str, sink: Sink) -> Session:
    from tests.subscriptions.sseclient import open_stream

    async def session(base: str) -> None:
        timeout = httpx.Timeout(10, read=None)
        auth = {"authorization": f"Bearer {token}"}
        async with (
            httpx.AsyncClient(base_url=base, timeout=timeout) as http,
            open_stream(http, EVENTS, headers=auth) as stream,
        ):
            if stream.response.status_code != 200:
                raise ConnectionError(f"the stream was refused: {stream.response.status_code}")
            sink.connects += 1
            while (event := await stream.next(within=3600)) is not None:
                now = time.time()
                if event.event == "next" and (name := _name(event.json())):
                    sink.add(name, now)
            raise ConnectionError("the stream ended")

    return session


@contextlib.asynccontextmanager
async def subscribed(session: Session, bases: list[str]) -> AsyncIterator[Switch]:
    switch = Switch()
    task = asyncio.create_task(keep_subscribed(session, bases, switch))
    try:
        yield switch
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
