"""What bench/events.py runs its phases in: server processes started and stopped, the
sandbox's BC API as the writer of changes, the consumers, the user connected."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from events_parts import USER_TOKEN_SECRET, Sink, Switch, sse_session, subscribed, ws_session
from processes import app_token, free_port

from tests.conftest import ALICE
from tests.delivery.receiver import Receiver, receiving

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).with_name("events.py")
REDIS_URL = os.environ.get("BCGRAPH_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CONTOSO = "contoso.example"
ANY = {"If-Match": "*"}


def spawn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(SCRIPT), *args], cwd=ROOT)


async def wait_up(url: str, within: float = 30) -> None:
    async with httpx.AsyncClient() as http:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.TransportError):
                if (await http.get(f"{url}/healthz")).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


@dataclass
class Gateway:
    port: int
    config: dict[str, Any]
    proc: subprocess.Popen[bytes] | None = None
    # Seconds from spawn to /healthz answering, each time it started.
    starts: list[float] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        began = time.monotonic()
        self.proc = spawn("serve-gateway", str(self.port), json.dumps(self.config))
        await wait_up(self.url, within=90)
        self.starts.append(time.monotonic() - began)

    async def stop(self, sig: int = signal.SIGTERM) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)
        await asyncio.to_thread(self.proc.wait, 30)


class BC:
    """The sandbox's BC API over HTTP as Contoso's app, and a pool of vendors made before
    any gateway watches, so each change is the only one its vendor ever has."""

    def __init__(self, url: str, pool: int) -> None:
        self.url, self.pool = url, pool
        self.vendors: list[str] = []
        self.sent: dict[str, float] = {}

    async def __aenter__(self) -> BC:
        token = await asyncio.to_thread(app_token, self.url, CONTOSO)
        self.http = httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30)
        root = f"{self.url}/v2.0/{CONTOSO}/production/api/v2.0"
        companies = (await self.http.get(f"{root}/companies")).json()["value"]
        company = sorted(companies, key=lambda c: c["name"])[0]["id"]
        self.base = f"{root}/companies({company})"
        for n in range(self.pool):
            made = await self.http.post(f"{self.base}/vendors", json={"displayName": f"pool{n}"})
            made.raise_for_status()
            self.vendors.append(made.json()["id"])
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.http.aclose()

    async def change(self, name: str) -> None:
        vendor = self.vendors.pop()
        self.sent[name] = time.time()
        url = f"{self.base}/vendors({vendor})"
        try:
            answer = await self.http.patch(url, json={"displayName": name}, headers=ANY)
        except (httpx.ReadError, httpx.RemoteProtocolError):
            # The sandbox closed an idle kept-alive connection as this request went out
            # on it; the same PATCH again is the same change.
            answer = await self.http.patch(url, json={"displayName": name}, headers=ANY)
        answer.raise_for_status()


@dataclass
class Consumers:
    ws: Sink
    sse: Sink
    receiver: Receiver
    switches: tuple[Switch, Switch]

    def sinks(self) -> dict[str, Sink]:
        hook = Sink("webhook")
        for got in list(self.receiver.got):
            record = got.data.get("record") or {}
            if isinstance(record.get("displayName"), str):
                hook.add(record["displayName"], got.at, got.webhook_id)
        return {"WebSocket": self.ws, "SSE": self.sse, "webhook": hook}


@contextlib.asynccontextmanager
async def consumers(bases: list[str], token: str, receiver: Receiver) -> AsyncIterator[Consumers]:
    ws, sse = Sink("WebSocket"), Sink("SSE")
    async with (
        subscribed(ws_session(token, ws), bases) as ws_switch,
        subscribed(sse_session(token, sse), bases) as sse_switch,
    ):
        yield Consumers(ws, sse, receiver, (ws_switch, sse_switch))


async def connect_user(public_url: str, token: str) -> None:
    """The browser's part of the connect flow: start, the sandbox's consent, callback."""
    async with httpx.AsyncClient(timeout=30) as http:
        auth = {"Authorization": f"Bearer {token}"}
        start = await http.get(
            f"{public_url}/connect/start", params={"login_hint": ALICE}, headers=auth
        )
        consent = await http.get(start.headers["location"])
        finished = await http.get(consent.headers["location"])
        if finished.status_code != 200:
            raise RuntimeError(f"the connect flow failed: {finished.text}")


@contextlib.asynccontextmanager
async def receiver_on(
    port: int, receiver: Receiver
) -> AsyncIterator[Callable[[bool], Awaitable[None]]]:
    """The receiver served on `port`; yields a function that takes it down or up."""
    stack = contextlib.ExitStack()
    await asyncio.to_thread(stack.enter_context, receiving(receiver, port))

    async def up(value: bool) -> None:
        nonlocal stack
        if value:
            stack = contextlib.ExitStack()
            await asyncio.to_thread(stack.enter_context, receiving(receiver, port))
        else:
            await asyncio.to_thread(stack.close)

    try:
        yield up
    finally:
        await asyncio.to_thread(stack.close)


def gateway_config(
    public_url: str,
    sandbox_url: str,
    store_url: str,
    pubsub_url: str,
    hook_url: str,
    secret: str,
    namespace: str,
) -> dict[str, Any]:
    from gateway.connections import generate_key

    return {
        "public_url": public_url,
        "sandbox_url": sandbox_url,
        "store_url": store_url,
        "pubsub_url": pubsub_url,
        "hook_url": hook_url,
        "secret": secret,
        "namespace": namespace,
        "key": generate_key(),
    }


@contextlib.asynccontextmanager
async def sandbox() -> AsyncIterator[str]:
    port = free_port()
    proc = spawn("serve-sandbox", str(port))
    url = f"http://127.0.0.1:{port}"
    try:
        await wait_up(url)
        yield url
    finally:
        proc.terminate()
        await asyncio.to_thread(proc.wait, 30)


def user_token() -> str:
    from gateway.auth import UserTokenConfig, mint_user_token

    return mint_user_token(UserTokenConfig(hs256_secret=USER_TOKEN_SECRET), "bench-user")


async def drop_namespace(namespace: str) -> None:
    import redis.asyncio as redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = [key async for key in client.scan_iter(match=f"{namespace}*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()
