"""Live events to three kinds of consumer, side by side: a WebSocket subscriber
(graphql-transport-ws), an SSE subscriber (graphql-sse distinct connections: POST /graphql
with Accept: text/event-stream) and the app's backend (Standard Webhooks POSTs to a
receiver on 127.0.0.1). For each: latency from the change in BC to delivery, and what is
lost and duplicated across three disruptions.

Every server is its own process (uvicorn, uvloop): the sandbox, and one gateway (its
connections and delivery queue in SQLite, its pub/sub and so its webhook registry in the
process; or all of them in Redis), or two replicas sharing Redis behind a small load
balancer that BC posts to.
The consumers and the writer live in this process, so every time is on one clock.

A change is a PATCH of one vendor's displayName in the sandbox, straight to its BC API;
each change names a different vendor with a name of its own, so an event says which
change it reports. The sandbox notifies at once (BC waits about 30 s: excluded) and
retries a failed notification after 1, 2, 4 and 8 s (BC: minutes).

* latency: N changes, 0.25 s apart, nothing disrupted; from the moment the PATCH is sent
  to the moment the consumer has the event; p50 and p95.
* receiver outage: the subscribers disconnect, and the receiver stops, for 4 s while
  changes go on; then they reconnect and it starts again on the same port.
* gateway restart, over SQLite and again over Redis: the gateway process is stopped
  (SIGTERM) mid-stream and started again over the same stores; the subscribers
  reconnect when it is back.
* replica kill: two replicas on Redis, subscribers on replica A, which BC's notifications
  reach first; A is killed (SIGKILL) mid-stream, B keeps serving, the subscribers
  reconnect to B and the balancer sends BC's notifications there.

lost: changes whose event had not come `--deadline` seconds after the last change.
dup: events that came more than once (webhooks: under the same webhook-id; in brackets,
changes delivered under two different webhook-ids). `--json` also lists the lost changes.
bench/EVENTS.md has a run and what it says.

    .venv/bin/python bench/events.py [--quick] [--changes 40] [--deadline 20] [--json F]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from events_parts import Balancer, Sink, serve_gateway, serve_sandbox
from processes import free_port

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events_world import (  # noqa: E402 - after the repository is on the path
    BC,
    REDIS_URL,
    Consumers,
    Gateway,
    connect_user,
    consumers,
    drop_namespace,
    gateway_config,
    receiver_on,
    sandbox,
    user_token,
)

from tests.delivery.receiver import Receiver, new_secret  # noqa: E402

INTERVAL = 0.25
SINKS = ("WebSocket", "SSE", "webhook")


async def warm_up(bc: BC, who: Consumers) -> None:
    """Changes until every consumer has had one: BC's subscriptions made, the standing
    webhook watch in place."""
    deadline = time.monotonic() + 60
    n = 0
    while time.monotonic() < deadline:
        n += 1
        await bc.change(f"warm{n}")
        await asyncio.sleep(1.0)
        sinks = who.sinks()
        if all(any(name.startswith("warm") for name in s.got) for s in sinks.values()):
            return
    raise RuntimeError("the consumers never all got a change")


Disruption = Callable[[], Awaitable[None]]


async def phase(
    bc: BC, who: Consumers, tag: str, count: int, deadline: float, disrupt: Disruption | None
) -> dict[str, dict[str, Any]]:
    """`count` changes (more while `disrupt` runs, which starts after a quarter of them and
    is followed by a few more), then up to `deadline` s for their events."""
    names: list[str] = []
    disruption: asyncio.Task[None] | None = None
    after = 0
    while len(names) < count or (disruption is not None and (not disruption.done() or after < 5)):
        if disrupt is not None and disruption is None and len(names) >= count // 4:
            disruption = asyncio.create_task(disrupt())
        if disruption is not None and disruption.done():
            after += 1
        name = f"{tag}{len(names)}"
        await bc.change(name)
        names.append(name)
        await asyncio.sleep(INTERVAL)
    if disruption is not None:
        await disruption
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if all(set(names) <= s.got.keys() for s in who.sinks().values()):
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)  # late duplicates
    measured = {label: measure(sink, names, bc.sent) for label, sink in who.sinks().items()}
    summary = ", ".join(
        f"{label} lost {m['lost']}/{m['changes']} dup {m['dup']}" for label, m in measured.items()
    )
    print(f"  {tag}: {summary}", file=sys.stderr, flush=True)
    return measured


def measure(sink: Sink, names: list[str], sent: dict[str, float]) -> dict[str, Any]:
    latencies = sorted((sink.got[n][0] - sent[n]) * 1000 for n in names if n in sink.got)
    same_id = sum(len(ids) - len(set(ids)) for n in names for ids in [sink.ids.get(n, [])])
    times = sum(len(sink.got.get(n, [])) - 1 for n in names if n in sink.got)
    return {
        "changes": len(names),
        "lost": sum(1 for n in names if n not in sink.got),
        "lost_names": [n for n in names if n not in sink.got],
        "dup": same_id if sink.ids else times,
        # For webhooks: a change delivered under more than one webhook-id.
        "same_state": sum(1 for n in names if len(set(sink.ids.get(n, []))) > 1),
        "p50": statistics.median(latencies) if latencies else None,
        "p95": latencies[max(int(len(latencies) * 0.95) - 1, 0)] if latencies else None,
    }


async def one_gateway(
    args: argparse.Namespace, *, redis: bool
) -> dict[str, dict[str, dict[str, Any]]]:
    """One gateway. Over SQLite (connections, delivery queue; the webhook registry in
    the process, as it is with pub/sub in-process): latency, the outage and the restart.
    Over Redis (all of it there, registry included): the restart only."""
    results = {}
    receiver, hook_port = Receiver(new_secret()), free_port()
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    pool = args.changes + 2 * (args.changes + 120) + 40
    with TemporaryDirectory() as folder:
        async with sandbox() as sandbox_url, BC(sandbox_url, pool) as bc:
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            store = REDIS_URL if redis else f"sqlite:///{folder}/store.db"
            pubsub = REDIS_URL if redis else "memory://"
            hook_url = f"http://127.0.0.1:{hook_port}/hook"
            config = gateway_config(
                url, sandbox_url, store, pubsub, hook_url, receiver.secret, namespace
            )
            gateway = Gateway(port, config)
            token = user_token()
            async with receiver_on(hook_port, receiver) as hook:
                await gateway.start()
                try:
                    await connect_user(url, token)
                    async with consumers([url], token, receiver) as who:
                        await warm_up(bc, who)

                        async def outage() -> None:
                            for switch in who.switches:
                                switch.set(False)
                            await hook(False)
                            await asyncio.sleep(4.0)
                            for switch in who.switches:
                                switch.set(True)
                            await hook(True)

                        async def restart() -> None:
                            began = time.monotonic()
                            await gateway.stop(signal.SIGTERM)
                            stopped = time.monotonic()
                            await gateway.start()
                            note = f"stopped in {stopped - began:.1f} s, listening again "
                            note += f"{time.monotonic() - stopped:.1f} s later"
                            results["restart_redis" if redis else "restart"] = {"note": note}

                        phases = (
                            [("restart_redis", restart)]
                            if redis
                            else [("latency", None), ("outage", outage), ("restart", restart)]
                        )
                        for tag, disrupt in phases:
                            measured = await phase(
                                bc, who, tag, args.changes, args.deadline, disrupt
                            )
                            results[tag] = {**measured, **results.get(tag, {})}
                finally:
                    with contextlib.suppress(Exception):
                        await gateway.stop(signal.SIGKILL)
    if redis:
        await drop_namespace(namespace)
    return results


async def two_replicas(args: argparse.Namespace) -> dict[str, dict[str, dict[str, Any]]]:
    """The replica kill: A and B on Redis behind the balancer; A killed."""
    from tests.servers import serve

    receiver, hook_port = Receiver(new_secret()), free_port()
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    a, b = free_port(), free_port()
    upstreams = [f"http://127.0.0.1:{a}", f"http://127.0.0.1:{b}"]
    balancer_port = free_port()
    public = f"http://127.0.0.1:{balancer_port}"
    results = {}
    try:
        async with sandbox() as sandbox_url, BC(sandbox_url, args.changes + 80) as bc:
            config = gateway_config(
                public,
                sandbox_url,
                REDIS_URL,
                REDIS_URL,
                f"http://127.0.0.1:{hook_port}/hook",
                receiver.secret,
                namespace,
            )
            replicas = [Gateway(a, config), Gateway(b, config)]
            token = user_token()
            balancing = serve(Balancer(upstreams), balancer_port, log_config=None)
            async with receiver_on(hook_port, receiver):
                await asyncio.to_thread(balancing.__enter__)
                try:
                    for replica in replicas:
                        await replica.start()
                    await connect_user(public, token)
                    async with consumers(upstreams, token, receiver) as who:
                        await warm_up(bc, who)

                        async def kill() -> None:
                            await replicas[0].stop(signal.SIGKILL)

                        results["kill"] = await phase(
                            bc, who, "kill", args.changes, args.deadline, kill
                        )
                finally:
                    for replica in replicas:
                        with contextlib.suppress(Exception):
                            await replica.stop(signal.SIGKILL)
                    await asyncio.to_thread(balancing.__exit__, None, None, None)
    finally:
        await drop_namespace(namespace)
    return results


LABELS = {
    "WebSocket": "WebSocket (graphql-transport-ws)",
    "SSE": "SSE (graphql-sse, distinct)",
    "webhook": "webhook (Standard Webhooks)",
}
SCENARIOS = {
    "outage": "receiver outage",
    "restart": "restart, SQLite",
    "restart_redis": "restart, Redis",
    "kill": "replica kill",
}


def table(results: dict[str, dict[str, Any]]) -> str:
    """Latency, then lost and duplicated per scenario; a webhook's duplicates are those
    under one webhook-id, then in brackets changes that came under two ids."""
    head = ["consumer", "p50 ms", "p95 ms"]
    for title in SCENARIOS.values():
        head += [f"{title}: lost", "dup"]
    rows = []
    for sink in SINKS:
        latency = results["latency"][sink]
        row = [LABELS[sink], f"{latency['p50']:.0f}", f"{latency['p95']:.0f}"]
        for scenario in SCENARIOS:
            got = results[scenario][sink]
            row.append(f"{got['lost']}/{got['changes']}")
            row.append(
                f"{got['dup']} ({got['same_state']})" if sink == "webhook" else str(got["dup"])
            )
        rows.append(row)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(head, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    for scenario, title in SCENARIOS.items():
        if "note" in results[scenario]:
            lines.append(f"\n{title}: the gateway {results[scenario]['note']}")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "serve-sandbox":
        serve_sandbox(int(sys.argv[2]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "serve-gateway":
        serve_gateway(int(sys.argv[2]), json.loads(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=40, help="changes per phase")
    parser.add_argument("--deadline", type=float, default=20.0, help="seconds to wait for events")
    parser.add_argument("--quick", action="store_true", help="15 changes, 12 s deadline")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.quick:
        args.changes, args.deadline = 15, 12.0
    started = time.monotonic()
    results = asyncio.run(one_gateway(args, redis=False))
    results.update(asyncio.run(one_gateway(args, redis=True)))
    results.update(asyncio.run(two_replicas(args)))
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
        f"{args.changes} changes per phase {INTERVAL} s apart, deadline {args.deadline:.0f} s, "
        f"run {time.monotonic() - started:.0f} s"
    )
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
