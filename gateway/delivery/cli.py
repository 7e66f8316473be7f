"""`bcgraph deliveries`: the dead letters, read and replayed by an operator.

    bcgraph deliveries dead [--json]          what was given up on, oldest first
    bcgraph deliveries replay ID [ID ...]     put these back in the queue
    bcgraph deliveries replay --all
    bcgraph deliveries depth                  how many events are queued

It opens the queue the gateway uses (BCGRAPH_EVENTS_QUEUE_URL, else BCGRAPH_STORE_URL):
a running gateway's worker then delivers what was replayed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from datetime import UTC, datetime
from typing import Any, TextIO

from gateway.delivery.queue import DeliveryQueue, Item, open_queue
from gateway.settings import Settings, reported_as


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "deliveries",
        help="read and replay record events the webhook delivery gave up on",
        description="Read the dead letters of the record events posted to "
        "BCGRAPH_EVENTS_WEBHOOK_URL (or a connection's own webhook), and put them back in "
        "the queue. Uses the queue the gateway's settings name.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    dead = actions.add_parser("dead", help="list the dead letters, oldest first")
    dead.add_argument("--json", action="store_true", help="one JSON object per line")
    dead.add_argument("--limit", type=int, default=1000, help="at most this many (1000)")
    replay = actions.add_parser("replay", help="put dead letters back in the queue")
    replay.add_argument("ids", nargs="*", metavar="ID", help="event ids (webhook-id)")
    replay.add_argument("--all", action="store_true", help="every dead letter")
    actions.add_parser("depth", help="how many events are queued for delivery")


def run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    if args.action == "replay" and bool(args.ids) == bool(args.all):
        raise SystemExit("bcgraph deliveries replay: give event ids or --all (not both)")
    return asyncio.run(_run(args, settings, out))


async def _run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    url = settings.events.queue_url or settings.store.url
    with reported_as("EVENTS_QUEUE_URL", url):
        queue = await open_queue(url, namespace=settings.store.namespace)
    try:
        return await _act(args, queue, out)
    finally:
        await queue.close()


async def _act(args: argparse.Namespace, queue: DeliveryQueue, out: TextIO) -> int:
    if args.action == "depth":
        print(await queue.depth(), file=out)
        return 0
    if args.action == "dead":
        for item in await queue.dead_letters(args.limit):
            line = describe(item)
            print(json.dumps(line) if args.json else _text(line), file=out)
        return 0
    ids = None if args.all else list(args.ids)
    replayed = await queue.replay(ids, time.time())
    print(f"replayed {replayed} event(s)", file=out)
    # Ids that named no dead letter are a mistake worth a non-zero status.
    return 0 if ids is None or replayed == len(ids) else 1


def describe(item: Item) -> dict[str, Any]:
    data = json.loads(item.body).get("data", {})
    return {
        "id": item.id,
        "deadAt": _iso(item.dead_at or 0.0),
        "attempts": item.attempts,
        "error": item.error,
        "userId": item.user_id,
        "entity": data.get("entity"),
        "change": data.get("change"),
        "recordId": data.get("id"),
        "queuedAt": _iso(item.created_at),
    }


def _text(line: dict[str, Any]) -> str:
    return (
        f"{line['id']}  {line['deadAt']}  {line['entity']} {line['change']} "
        f"{line['recordId']}  attempts={line['attempts']}  {line['error']}"
    )


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
