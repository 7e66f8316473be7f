"""What an idle WebSocket costs the server before any of bcgraph's code: the floor under
bench/subscriptions.py's memory per idle subscriber.

Serves, one at a time in a child process under uvicorn as `bcgraph serve` runs it (uvloop,
httptools, permessage-deflate declined, the collector settled), an app that accepts every
WebSocket and waits for it to close:

* bare: a plain ASGI function;
* starlette: the same behind a Starlette router (a WebSocketRoute);
* starlette + graphql-transport-ws: a Strawberry schema's ASGI app, each socket
  acknowledged (connection_init) and holding nothing else.

Then opens --sockets connections from this process (offering compression, as browsers do)
and reports the server's RSS growth per socket, after a gc.

    .venv/bin/python bench/ws_floor.py [--sockets 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from pathlib import Path

import httpx
import websockets
from processes import free_port

ROOT = Path(__file__).resolve().parent.parent

SERVER = """
import gc, os, sys
import uvicorn
sys.path.insert(0, {root!r})
from gateway.server import settle_garbage_collector

async def bare(scope, receive, send):
    if scope["type"] == "http":
        gc.collect()
        rss = [l for l in open("/proc/self/status") if l.startswith("VmRSS:")][0].split()[1]
        await send({{"type": "http.response.start", "status": 200, "headers": []}})
        await send({{"type": "http.response.body", "body": rss.encode()}})
        return
    if scope["type"] != "websocket":
        return
    await receive()
    await send({{"type": "websocket.accept", "subprotocol": "graphql-transport-ws"}})
    while (await receive())["type"] != "websocket.disconnect":
        pass

kind = {kind!r}
app = bare
if kind != "bare":
    from starlette.applications import Starlette
    from starlette.routing import Mount, WebSocketRoute
    if kind == "starlette":
        class Bare:  # an ASGI app, not a function: Starlette would pass it a WebSocket
            async def __call__(self, scope, receive, send):
                await bare(scope, receive, send)

        endpoint = Bare()
    else:
        import strawberry
        from strawberry.asgi import GraphQL

        @strawberry.type
        class Query:
            ok: bool = True

        endpoint = GraphQL(strawberry.Schema(Query))
    app = Starlette(routes=[Mount("/rss", app=bare), WebSocketRoute("/graphql", endpoint)])
settle_garbage_collector()
uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning", loop="uvloop",
            http="httptools", access_log=False, ws_per_message_deflate=False)
"""

KINDS = ("bare", "starlette", "starlette + graphql-transport-ws")


async def rss_kb(url: str) -> float:
    async with httpx.AsyncClient() as http:
        for _ in range(100):
            try:
                return float((await http.get(f"{url}/rss/")).text)
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


async def measure(kind: str, sockets: int) -> float:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    code = SERVER.format(root=str(ROOT), kind=kind, port=port)
    proc = subprocess.Popen([sys.executable, "-c", code])  # noqa: ASYNC220 - one per kind
    try:
        before = await rss_kb(url)
        opened = []
        gate = asyncio.Semaphore(50)

        async def one() -> None:
            async with gate:
                ws = await websockets.connect(
                    url.replace("http", "ws") + "/graphql",
                    subprotocols=["graphql-transport-ws"],
                    compression="deflate",
                )
                if kind.endswith("graphql-transport-ws"):
                    await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
                    await ws.recv()
                opened.append(ws)

        await asyncio.gather(*(one() for _ in range(sockets)))
        await asyncio.sleep(1.0)  # the last handshakes settle
        after = await rss_kb(url)
        for ws in opened:
            await ws.close()
        return (after - before) / sockets
    finally:
        proc.terminate()
        proc.wait()


async def main(args: argparse.Namespace) -> None:
    for kind in KINDS:
        per_socket = await measure(kind, args.sockets)
        print(f"{kind:>34}: {per_socket:.1f} KB per idle socket", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockets", type=int, default=1000)
    asyncio.run(main(parser.parse_args()))
