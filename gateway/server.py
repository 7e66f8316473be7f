"""Serving an app with uvicorn so that whatever stops it from starting is one line.

uvicorn binds its port only after the app's lifespan has started, and reports a failed
start as a logged traceback (inside a JSON log line under BCGRAPH_LOG_FORMAT=json) and
exit status 3. Here the port is bound first, and the app's lifespan is entered before
uvicorn serves: a SettingsError from either reaches the command, which prints it as one
line naming the setting, and nothing (no banner) claims success before the app is up.

Asked to stop, uvicorn waits for every open response to end before the app's shutdown
runs; an event stream carrying a subscription never ends by itself, so the app is told
first (`app.state.drain`, gateway/sse/streams.py).
"""

from __future__ import annotations

import asyncio
import errno
import gc
import logging
import signal
import socket
from collections.abc import Callable
from types import FrameType
from typing import Any

import uvicorn
from starlette.applications import Starlette

from gateway.settings import SettingsError
from gateway.ws.native.handover import HandoverProtocol

# uvicorn's default listen backlog.
BACKLOG = 2048
# Net allocations of tracked objects between collections of the youngest generation
# (CPython's default is 700). Every 100 of those is a full collection, which walks every
# live object: with 1,000 subscribers (about 50 MB of them) a few tens of ms in which no
# event is delivered and no request answered. With 50,000, p99 delivery to 1,000
# subscribers of distinct documents went from 297 to 130 ms (bench/subscriptions.py,
# docs/performance.md). Only cyclic garbage waits longer; the rest is freed at once.
YOUNG_COLLECTION_EVERY = 50_000
# uvicorn logs where it listens only for sockets it bound itself: this says it instead.
logger = logging.getLogger("uvicorn.error")


def settle_garbage_collector() -> None:
    """Once the app has started: move everything built at start (modules, the schema,
    settings) out of the collector's view, so full collections scan only what requests
    and connections made since, and make collections rarer (YOUNG_COLLECTION_EVERY).
    `bcgraph serve` and `bcgraph dev` call it; the benchmarks too, to measure the same."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])


class DrainingServer(uvicorn.Server):
    """uvicorn's server, calling `on_stopping` as it starts to stop, before it waits for
    the responses under way (event streams) to end."""

    def __init__(self, config: uvicorn.Config, on_stopping: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_stopping = on_stopping

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._on_stopping()
        await super().shutdown(sockets)


def drain_of(app: Any) -> Callable[[], None]:
    """What the app wants called when the server starts to stop (nothing by default)."""
    state = getattr(app, "state", None)
    drain: Callable[[], None] = getattr(state, "drain", None) or (lambda: None)
    return drain


class _Stopped(Exception):
    """SIGINT or SIGTERM arrived: stop, running the app's shutdown on the way out."""


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port and listening, or a SettingsError naming the option."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise SettingsError(
                f"--port {port}: {host}:{port} is already in use; stop what listens there "
                "or choose another port"
            ) from None
        raise SettingsError(
            f"--host {host} --port {port}: cannot listen there: {error.strerror or error}"
        ) from None
    return sock


def serve(
    app: Starlette,
    sock: socket.socket,
    *,
    log_config: dict[str, Any],
    http: type[asyncio.Protocol] | str = "auto",
    ws_compression: bool = False,
    on_started: Callable[[], None] = lambda: None,
) -> None:
    """Runs the app's lifespan, calls `on_started`, then serves on `sock` until SIGINT or
    SIGTERM; the lifespan's shutdown runs either way. Exceptions from the start (a
    SettingsError, say) reach the caller, after whatever had started is closed."""
    config = uvicorn.Config(
        app,
        lifespan="off",
        log_config=log_config,
        http=http,
        # uvicorn's WebSocket protocol, able to hand a graphql-transport-ws socket to the
        # app's own small protocol object (gateway/ws/native/).
        ws=HandoverProtocol,
        ws_per_message_deflate=ws_compression,
    )
    server = DrainingServer(config, drain_of(app))
    # uvicorn handles these signals while it serves and raises them again once it has
    # stopped, after putting back the handlers found: these, which end the lifespan
    # cleanly (a default SIGTERM would kill the process before the app's shutdown ran).
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with asyncio.Runner(loop_factory=config.get_loop_factory()) as runner:
            runner.run(_serve(app, server, sock, on_started))
    except _Stopped:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()


async def _serve(
    app: Starlette, server: uvicorn.Server, sock: socket.socket, on_started: Callable[[], None]
) -> None:
    async with app.router.lifespan_context(app):
        on_started()
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        logger.info("listening on http://%s:%d (Ctrl-C to stop)", shown, port)
        await server.serve(sockets=[sock])


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stopped(signal.Signals(signum).name)
