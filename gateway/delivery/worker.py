"""Takes due events from the queue and posts them, signed, to their receivers.

An attempt ends one of four ways:

- 2xx: delivered, the event leaves the queue.
- 410 Gone: the receiver says the endpoint is gone for good: dead-lettered at once, no
  retries. Unlike the spec's suggestion, nothing is disabled: the URL is the operator's
  setting or the user's own, and only they know where events should go instead (falling
  back from a connection's own URL to the gateway's would send them somewhere the user
  did not choose). Each further event dead-letters on its first attempt, so nothing is
  lost: `bcgraph deliveries replay --all` sends them once the URL is right.
- anything else (another status, a timeout, no connection): tried again after an
  exponential wait with jitter (or the receiver's Retry-After, if longer), dead-lettered
  after `max_attempts`.
- no URL for the connection any more, or its own URL now refused: dead-lettered.

Redirects are not followed (a receiver's 3xx is a failed attempt). A replica that stops
cancels its POSTs in flight: their leases run out and a replica takes them again. Up to
`concurrency` POSTs are in flight at once, each of a different record.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import secrets
import time
from collections.abc import Callable

import httpx

from gateway.delivery import signing
from gateway.delivery.config import DeliveryConfig
from gateway.delivery.metrics import DeliveryMetrics
from gateway.delivery.queue import DeliveryQueue, Item
from gateway.delivery.targets import Targets
from gateway.pubsub import tasks

logger = logging.getLogger(__name__)


def backoff(config: DeliveryConfig, attempts: int, rng: Callable[[], float]) -> float:
    """Seconds before the attempt after `attempts` failed ones."""
    full = min(config.retry_max_seconds, config.retry_base_seconds * 2.0 ** (attempts - 1))
    return full * (1.0 - 0.5 * rng())


def _retry_after(value: str | None) -> float:
    """Seconds of a Retry-After header; 0 when absent or not a number of seconds (an HTTP
    date is rare from a webhook receiver, and backoff applies anyway)."""
    try:
        return max(0.0, float(value)) if value else 0.0
    except ValueError:
        return 0.0


class Worker:
    def __init__(
        self,
        queue: DeliveryQueue,
        targets: Targets,
        config: DeliveryConfig,
        metrics: DeliveryMetrics,
        http: httpx.AsyncClient,
        *,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self._queue = queue
        self._targets = targets
        self._config = config
        self._metrics = metrics
        self._http = http
        self._clock = clock
        self._rng = rng
        self._token = secrets.token_hex(8)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="event-delivery")

    async def stop(self) -> None:
        if self._task is not None:
            await tasks.stop([self._task])
            self._task = None

    def wake(self) -> None:
        """Something was enqueued here: look now rather than at the next poll."""
        self._wake.set()

    async def _run(self) -> None:
        # Up to `concurrency` POSTs in flight, each freeing its slot as it ends: a receiver
        # that takes its whole timeout holds up its own record's events, no one else's.
        in_flight: set[asyncio.Task[None]] = set()
        try:
            while True:
                self._wake.clear()
                taken = 0
                try:
                    taken = await self._take(in_flight)
                except Exception:
                    logger.exception("event delivery failed; trying again shortly")
                if not taken:
                    await self._idle()
        finally:
            await tasks.stop(in_flight)

    async def _take(self, in_flight: set[asyncio.Task[None]]) -> int:
        free = self._config.concurrency - len(in_flight)
        if free <= 0:
            return 0
        now = self._clock()
        items = await self._queue.lease(now, now + self._config.lease_seconds, free, self._token)
        for item in items:
            task = asyncio.create_task(self._deliver(item), name="event-post")
            in_flight.add(task)
            task.add_done_callback(self._done(in_flight))
        self._metrics.queue_depth.set(await self._queue.depth())
        return len(items)

    def _done(self, in_flight: set[asyncio.Task[None]]) -> Callable[[asyncio.Task[None]], None]:
        def done(task: asyncio.Task[None]) -> None:
            in_flight.discard(task)
            if not task.cancelled() and task.exception() is not None:
                logger.error("delivering a record event failed", exc_info=task.exception())
            self._wake.set()  # a slot is free, and the record's next event may be due

        return done

    async def _idle(self) -> None:
        """Until something is enqueued here, a POST ends, or the poll interval passes."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._config.poll_seconds):
                await self._wake.wait()

    async def _deliver(self, item: Item) -> None:
        target = await self._targets.of(item.user_id)
        if target is None:
            await self._dead(item, "no webhook URL for this connection")
            return
        try:
            await self._targets.check_before_post(target)
        except ValueError as error:
            self._metrics.failures.labels("refused_target").inc()
            await self._dead(item, str(error))
            return
        timestamp = int(self._clock())
        headers = signing.headers(target.secret, item.id, timestamp, item.body)
        try:
            response = await self._http.post(
                target.url, content=item.body, headers=headers, timeout=self._config.timeout_seconds
            )
        except httpx.TimeoutException:
            await self._failed(item, "timeout", "the receiver did not answer in time")
            return
        except httpx.HTTPError as error:
            await self._failed(
                item, "connect", f"could not reach the receiver: {type(error).__name__}"
            )
            return
        status = response.status_code
        if 200 <= status < 300:
            await self._queue.ack(item, self._clock())
            self._metrics.delivered.inc()
            self._metrics.latency.observe(max(0.0, self._clock() - item.created_at))
        elif status == 410:
            self._metrics.failures.labels("gone").inc()
            await self._dead(item, "the receiver answered 410 Gone")
        else:
            wait = _retry_after(response.headers.get("retry-after"))
            await self._failed(item, f"{status // 100}xx", f"the receiver answered {status}", wait)

    async def _failed(self, item: Item, reason: str, error: str, wait: float = 0.0) -> None:
        self._metrics.failures.labels(reason).inc()
        if item.attempts >= self._config.max_attempts:
            await self._dead(item, f"{error} (attempt {item.attempts}, the last)")
            return
        # A receiver's Retry-After (a 429 or 503) is honoured, up to the longest wait.
        delay = max(backoff(self._config, item.attempts, self._rng), wait)
        at = self._clock() + min(delay, self._config.retry_max_seconds)
        await self._queue.retry(item, at, f"{error} (attempt {item.attempts})")

    async def _dead(self, item: Item, error: str) -> None:
        if await self._queue.dead(item, self._clock(), error):
            self._metrics.dead_lettered.inc()
            logger.warning("a record event was dead-lettered: %s", error)
