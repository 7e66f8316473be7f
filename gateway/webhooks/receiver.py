"""`/webhooks/bc`: where Business Central delivers notifications.

* The validation handshake (`?validationToken=…`, on create and renew) is answered at
  once: 200, the token as text/plain.
* A notification POST is checked item by item, before answering: the subscription must
  be one of ours, its `clientState` must match the stored one (compared in constant
  time), and its resource must lie inside what that subscription watches (so one
  connection's subscription can never make another connection's records move).
  Anything else is dropped and logged; repeats of an accepted item are dropped too.
* Accepted items are queued and the answer is 202 straight away: fetching records is
  the workers' job, and BC never waits for it.
* BC deletes a subscription on any answer other than 2xx, 408, 429 or 5xx. So when the
  gateway cannot take the POST right now (queue full, registry unreachable) it answers
  503 and BC retries later; it never answers 4xx to a request that may be BC's.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from gateway.webhooks.model import NOTIFIED, Notification, Watch, epoch, parse_resource
from gateway.webhooks.processor import COLLECTION, EARLY, Processor
from gateway.webhooks.registry import Registry

logger = logging.getLogger(__name__)

# BC's tokens are GUIDs; echoing anything much longer only serves someone else.
MAX_TOKEN = 1024
# 1,000 notifications (BC's most before it switches to `collection`) are ~0.5 MB.
MAX_BODY = 4 * 1024 * 1024


class Receiver:
    def __init__(
        self,
        registry: Registry,
        processor: Processor,
        *,
        dedupe_seconds: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._registry = registry
        self._processor = processor
        self._dedupe_seconds = dedupe_seconds
        self._clock = clock
        # Counters for metrics and tests: items accepted, dropped as invalid, repeated.
        self.accepted = 0
        self.dropped = 0
        self.repeated = 0

    async def __call__(self, request: Request) -> Response:
        token = request.query_params.get("validationToken")
        if token is not None:
            if len(token) > MAX_TOKEN:
                return PlainTextResponse("validation token too long", status_code=400)
            return PlainTextResponse(
                token, headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
            )
        if request.method != "POST":
            return Response(status_code=405, headers={"Allow": "POST"})
        received = self._clock()
        body = await _body(request)
        if body is None:
            return Response(status_code=413)
        items = _items(body)
        if items is None:
            # Not BC's shape. Nothing to retry, and a 4xx would make BC delete the
            # subscriptions a real POST carried: accept and drop.
            self.dropped += 1
            logger.warning("dropped a webhook POST that is not a notification list")
            return Response(status_code=202)
        if not self._processor.room():
            return _busy()
        try:
            accepted = await self._check(items, received)
        except Exception:
            logger.exception("could not check webhook notifications; BC will retry")
            return _busy()
        if accepted:
            self._processor.submit(accepted)
        return Response(status_code=202)

    async def _check(self, items: Sequence[Any], received: float) -> list[Notification]:
        watches: dict[str, Watch | None] = {}
        candidates: list[tuple[str, Notification]] = []
        reasons: Counter[str] = Counter()
        for item in items:
            try:
                candidates.append(await self._one(item, watches, received))
            except _Dropped as dropped:
                reasons[dropped.args[0]] += 1
        if reasons:
            # One line per POST, whatever a forged one holds; the subscription ids and
            # clientStates stay out of the log: only the reasons.
            self.dropped += sum(reasons.values())
            logger.warning(
                "dropped webhook notifications: %s",
                ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items())),
            )
        fresh = await self._registry.first_seen(
            [key for key, _ in candidates], self._dedupe_seconds
        )
        accepted = [n for (_, n), new in zip(candidates, fresh, strict=True) if new]
        repeated = len(candidates) - len(accepted)
        if repeated:
            self.repeated += repeated
            logger.info("dropped %d repeated webhook notification(s)", repeated)
        self.accepted += len(accepted)
        return accepted

    async def _one(
        self, item: Any, watches: dict[str, Watch | None], received: float
    ) -> tuple[str, Notification]:
        if not isinstance(item, dict):
            raise _Dropped("an item is not an object")
        sub_id, state = item.get("subscriptionId"), item.get("clientState")
        resource, change = item.get("resource"), item.get("changeType")
        modified = item.get("lastModifiedDateTime", "")
        if not (isinstance(sub_id, str) and isinstance(resource, str) and isinstance(change, str)):
            raise _Dropped("an item lacks subscriptionId, resource or changeType")
        if sub_id not in watches:
            watches[sub_id] = await self._registry.find(sub_id)
        watch = watches[sub_id]
        if watch is None:
            raise _Dropped("unknown subscription")
        given = state.encode() if isinstance(state, str) else b""
        if not hmac.compare_digest(given, watch.client_state.encode()):
            raise _Dropped("clientState does not match")
        if change not in NOTIFIED:
            raise _Dropped("unknown changeType")
        parsed = parse_resource(resource)
        topic = watch.topic
        if (
            parsed is None
            or (parsed.company_id, parsed.entity_set) != (topic.company_id, topic.entity_set)
            or (change == COLLECTION and bool(parsed.record_id))
            or (change != COLLECTION and (not parsed.record_id or parsed.since is not None))
        ):
            raise _Dropped("resource outside the subscription")
        since = parsed.since
        if change == COLLECTION and since is None:
            # BC leaves the $filter out when a deletion is among the merged changes
            # (APIWebhookNotificationSend.Codeunit.al, HasNotificationOnDelete): read
            # what changed since this watch's watermark, as a catch-up does.
            since = datetime.fromtimestamp(max(watch.watermark - EARLY, 0.0), UTC)
        key = hashlib.sha256(
            "\n".join((sub_id, resource, change, str(modified))).encode()
        ).hexdigest()
        at = epoch(modified)
        return key, Notification(watch, change, parsed.record_id, since, at, received)


class _Dropped(Exception):
    """An item that is not one of our subscriptions' notifications; `args[0]` says why."""


def _busy() -> Response:
    return Response(status_code=503, headers={"Retry-After": "10"})


async def _body(request: Request) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _items(body: bytes) -> list[Any] | None:
    try:
        parsed = orjson.loads(body.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError:
        return None
    items = parsed.get("value") if isinstance(parsed, dict) else None
    return items if isinstance(items, list) else None
