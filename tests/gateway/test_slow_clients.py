"""Slow and bloated clients against the real server: the gateway in uvicorn with the HTTP
protocol `bcgraph serve` and `bcgraph dev` run, spoken to over raw sockets that trickle,
stall, oversize and pile up. Each must be answered (431, 408, 503) or closed within a
bounded time instead of being held forever."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import websockets

from gateway.connections import generate_key
from gateway.dev import dev_server
from gateway.limits import ServerLimits
from gateway.settings import PREFIX
from tests.logs import on_root_logger
from tests.servers import free_port, serve

HOST = "127.0.0.1"
# Short enough that a test waits a second, not a minute; the defaults are in ServerLimits.
QUICK = ServerLimits(header_timeout=1.0, body_timeout=1.0, ws_init_timeout=1.0)
# How long a test waits for the server to act before calling the client held forever.
BOUND = 15.0
HEAD = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
BODY = b'{"query": "{ companies { name } }"}'


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    """`bcgraph dev`'s app, served as the command serves it, with QUICK limits. Its logs
    reach the root logger (log_config=None), where a test can watch them."""
    chosen = free_port()
    server = dev_server(HOST, chosen, server_limits=QUICK)
    with serve(server.app, chosen, limits=server.server_limits, log_config=None):
        yield chosen


async def converse(
    port: int, data: bytes, *, trickle: bytes = b"", every: float = 0.05, hang_up: bool = False
) -> tuple[bytes, int]:
    """Send `data` at once, then `trickle` one byte every `every` seconds, while reading
    whatever the server answers until it closes the connection. Returns the answer and how
    many bytes were sent. `hang_up`: close the socket once all is sent, without reading."""
    reader, writer = await asyncio.open_connection(HOST, port)
    sent = 0

    async def send() -> None:
        nonlocal sent
        try:
            writer.write(data)
            await writer.drain()
            sent = len(data)
            for i in range(len(trickle)):
                await asyncio.sleep(every)
                writer.write(trickle[i : i + 1])
                await writer.drain()
                sent += 1
        except ConnectionError:
            pass  # the server hung up on us: what these tests are about

    sender = asyncio.create_task(send())
    try:
        if hang_up:
            await sender
            return b"", sent
        async with asyncio.timeout(BOUND):
            answer = await reader.read()  # until the server closes
        return answer, sent
    finally:
        sender.cancel()
        writer.close()


def status_of(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1.1 "), answer[:200]
    return int(answer.split(b" ", 2)[1])


def error_of(answer: bytes) -> dict[str, object]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower()
    errors = json.loads(body)["errors"]
    assert len(errors) == 1
    return errors[0]  # type: ignore[no-any-return]


def headers_of(answer: bytes) -> list[tuple[str, str]]:
    head = answer.partition(b"\r\n\r\n")[0].decode("latin-1")
    pairs = [line.split(":", 1) for line in head.split("\r\n")[1:]]
    return [(name.strip().lower(), value.strip()) for name, value in pairs]


# -- request heads ---------------------------------------------------------------------------


async def test_64_kib_of_headers_are_answered_431(port: int) -> None:
    many_lines = HEAD + b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 1000) for i in range(64))
    one_line = HEAD + b"X-Pad: " + b"a" * 65536 + b"\r\n"
    for head in (many_lines, one_line):
        answer, _ = await converse(port, head + b"\r\n")
        assert status_of(answer) == 431
        error = error_of(answer)
        assert error["extensions"] == {
            "code": "BAD_USER_INPUT",
            "field": "headers",
            "maxBytes": 32768,
        }
        assert ("connection", "close") in headers_of(answer)


async def test_an_endless_header_line_is_refused_before_it_ends(port: int) -> None:
    # No line end ever comes: httptools would hold the line in memory for as long as it
    # grows; the server counts what it received and refuses at the limit.
    endless = HEAD + b"X-Pad: " + b"a" * (256 * 1024)
    answer, _ = await converse(port, endless)
    assert status_of(answer) == 431


async def test_headers_under_the_limit_pass(port: int) -> None:
    head = HEAD + b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 1000) for i in range(30))
    answer, _ = await converse(port, head + b"Connection: close\r\n\r\n")
    assert status_of(answer) == 200 and answer.endswith(b'{"status":"ok"}')


async def test_headers_sent_byte_by_byte_are_cut_off_with_408(port: int) -> None:
    # 20 bytes a second: the whole head would take about 3 s, the limit is 1 s.
    request = HEAD + b"X-Slow: " + b"z" * 20 + b"\r\n\r\n"
    answer, sent = await converse(port, b"", trickle=request)
    assert status_of(answer) == 408
    assert error_of(answer)["extensions"] == {"code": "BAD_USER_INPUT", "field": "headers"}
    assert sent < len(request)  # cut off mid-request, not answered at its end


async def test_a_connection_that_sends_nothing_is_closed(port: int) -> None:
    answer, _ = await converse(port, b"")
    assert answer == b""  # closed without a word: there was no request to answer


async def test_a_keep_alive_connection_cannot_be_held_with_stray_bytes(port: int) -> None:
    # After a response uvicorn's keep-alive timer is cancelled by any byte; blank lines
    # before a request are allowed, so these would hold the connection forever.
    first = HEAD + b"\r\n"
    answer, sent = await converse(port, first, trickle=b"\r\n" * 200)
    assert status_of(answer) == 200
    assert sent < len(first) + 400


# -- request bodies --------------------------------------------------------------------------


def post(length: int) -> bytes:
    return (
        b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % length
    )


async def test_a_body_that_stops_midway_is_answered_408(port: int) -> None:
    answer, _ = await converse(port, post(1000) + BODY)
    assert status_of(answer) == 408
    assert error_of(answer)["extensions"] == {"code": "BAD_USER_INPUT", "field": "body"}


async def test_a_body_sent_byte_by_byte_is_answered_408(port: int) -> None:
    padded = BODY + b" " * 200
    answer, sent = await converse(port, post(len(padded)), trickle=padded, every=0.02)
    assert status_of(answer) == 408
    assert sent < len(post(len(padded)) + padded)


async def test_a_body_the_app_never_reads_cannot_hold_the_connection(port: int) -> None:
    # /healthz answers without reading the body; its rest, trickled, must not keep the
    # connection open (uvicorn's keep-alive timer is cancelled by each byte).
    request = HEAD + b"Content-Length: 400\r\n\r\n"
    answer, sent = await converse(port, request, trickle=b"x" * 400, every=0.02)
    assert status_of(answer) == 200
    assert sent < len(request) + 400


async def test_a_prompt_body_is_answered(port: int) -> None:
    request = post(len(BODY)) + BODY
    answer, _ = await converse(port, request.replace(b"Host:", b"Connection: close\r\nHost:"))
    assert status_of(answer) == 200
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["data"]["companies"]


class _Watch(logging.Handler):
    """Keeps the records about a client leaving mid-body, and every error, from any thread
    (the server logs from its own)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []
        self.seen = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or "disconnected" in record.getMessage():
            self.records.append(record)
            self.seen.set()


@pytest.fixture
def watch() -> Iterator[_Watch]:
    handler = _Watch()
    with on_root_logger(handler, logging.INFO):
        yield handler


async def test_a_client_leaving_mid_body_is_one_quiet_log_line(port: int, watch: _Watch) -> None:
    await converse(port, post(1000) + BODY, hang_up=True)
    assert await asyncio.to_thread(watch.seen.wait, BOUND)
    records = watch.records
    assert [(r.levelno, r.exc_info) for r in records] == [(logging.INFO, None)], [
        r.getMessage() for r in records
    ]
    assert records[0].getMessage() == (
        "POST /graphql: the client disconnected before sending the whole request body"
    )


# -- connections -----------------------------------------------------------------------------


@pytest.fixture
def capped() -> Iterator[int]:
    """A server that accepts 4 connections; heads and keep-alive are given 30 s, so the
    connections a test opens stay open until it closes them."""
    chosen = free_port()
    limits = ServerLimits(max_connections=4, header_timeout=30.0)
    server = dev_server(HOST, chosen, server_limits=limits)
    with serve(server.app, chosen, limits=limits, keep_alive=30):
        yield chosen


async def healthz_on(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> int:
    writer.write(HEAD + b"\r\n")
    head = await reader.readuntil(b"\r\n\r\n")
    length = int(dict(headers_of(head + b"\r\n\r\n"))["content-length"])
    await reader.readexactly(length)
    return status_of(head)


async def test_connections_past_the_limit_get_503_until_one_closes(capped: int) -> None:
    url = f"ws://{HOST}:{capped}/graphql"
    opened = [await asyncio.open_connection(HOST, capped) for _ in range(3)]
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as socket:
        await socket.send(json.dumps({"type": "connection_init"}))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        for reader, writer in opened:  # served, so surely counted: 3 HTTP + 1 WebSocket
            assert await healthz_on(reader, writer) == 200

        answer, _ = await converse(capped, HEAD + b"\r\n")
        assert status_of(answer) == 503
        assert ("retry-after", "1") in headers_of(answer)
        assert error_of(answer)["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 1}
        with pytest.raises(websockets.InvalidStatus) as refused:
            await websockets.connect(url, subprotocols=["graphql-transport-ws"])
        assert refused.value.response.status_code == 503

        opened.pop()[1].close()
        deadline = time.monotonic() + BOUND
        while True:
            answer, _ = await converse(capped, HEAD + b"Connection: close\r\n\r\n")
            if status_of(answer) == 200 or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)
        assert status_of(answer) == 200
    for _, writer in opened:
        writer.close()


# -- WebSockets ------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
async def test_a_websocket_that_never_sends_connection_init_is_closed(
    port: int, protocol: str
) -> None:
    async with websockets.connect(f"ws://{HOST}:{port}/graphql", subprotocols=[protocol]) as ws:
        assert ws.subprotocol == protocol
        with pytest.raises(websockets.ConnectionClosed) as closed:
            async with asyncio.timeout(BOUND):
                await ws.recv()
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (
        4408,
        "Connection initialisation timeout",
    )


async def test_a_legacy_websocket_that_sent_connection_init_stays_open(port: int) -> None:
    async with websockets.connect(f"ws://{HOST}:{port}/graphql", subprotocols=["graphql-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        with pytest.raises(TimeoutError):  # nothing comes, and the socket is not closed
            await asyncio.wait_for(ws.recv(), QUICK.ws_init_timeout * 2)


# -- the command -----------------------------------------------------------------------------
# (`bcgraph dev` in its own process: tests/e2e/test_server_limits.py)


def _command(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(PREFIX)}
    return subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", *args],
        env={**clean, **env},
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, "the server exited"
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)


async def test_serve_runs_the_limited_protocol_with_its_settings(tmp_path: Path) -> None:
    chosen = free_port()
    env = {
        "BCGRAPH_USER_TOKEN_SECRET": "s" * 40,
        "BCGRAPH_ENCRYPTION_KEYS": generate_key(),
        # A sandbox URL: blank OAuth credentials then mean its development app.
        "BCGRAPH_BC_API_URL": f"http://{HOST}:{free_port()}",
        "BCGRAPH_MAX_HEADER_BYTES": "2000",
        "BCGRAPH_HEADER_TIMEOUT": "1",
    }
    process = _command(["serve", "--port", str(chosen)], env, tmp_path)
    try:
        _wait_for(process, f"http://{HOST}:{chosen}")
        over = HEAD + b"X-Pad: " + b"a" * 2500 + b"\r\n\r\n"  # fine at the default limit
        assert status_of((await converse(chosen, over))[0]) == 431
        assert status_of((await converse(chosen, HEAD))[0]) == 408
    finally:
        process.terminate()
        process.wait(timeout=15)
