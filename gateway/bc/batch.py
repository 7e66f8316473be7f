"""BatchSession: the calls one GraphQL request makes for one user, coalesced per tick.

`await session.send(request)` queues the request; at the end of the current event-loop tick
everything queued goes out together:

* one request: sent as it is (wrapping a single call in `$batch` only adds cost);
* two or more: JSON `$batch` envelopes of ≤ 100 operations (BCClient.send_batch), each
  caller getting its own BCResponse or its own error.

Only GETs are coalesced by default. Writes go one at a time, in the order they were issued
(BC's default batch semantics stop at the first failure, and mutations are ordered anyway);
`coalesce_writes=True` sends a tick's independent writes together with
`Prefer: odata.continue-on-error`.

A session belongs to one request and one target: it must never outlive the request or serve
two users. `aclose()` (or `async with`) cancels what is still in flight.
"""

from __future__ import annotations

import asyncio
import copy

from gateway.bc.client import BCClient
from gateway.bc.closing import Closing
from gateway.bc.types import BCRequest, BCResponse, BCTarget
from gateway.errors import GatewayError

__all__ = ["BatchSession"]

_Pending = tuple[BCRequest, "asyncio.Future[BCResponse]"]


# Loop turns the first call of a tick waits before looking again. One catches siblings
# started together; a DataLoader's batch function starts a few turns later, and four
# catch those too: `a: vendor(id:) b: vendor(id:) companies vendors` went from 2 upstream
# requests to 1 (three turns were not enough). Each turn costs microseconds.
_COLLECT_TICKS = 4


class BatchSession(Closing):
    def __init__(
        self, client: BCClient, target: BCTarget, *, coalesce_writes: bool | None = None
    ) -> None:
        self._client = client
        self._target = target
        self._coalesce_writes = (
            client.config.coalesce_writes if coalesce_writes is None else coalesce_writes
        )
        self._pending: list[_Pending] = []
        self._collecting = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._writes = asyncio.Lock()

    async def send(self, request: BCRequest) -> BCResponse:
        if request.method.upper() != "GET" and not self._coalesce_writes:
            async with self._writes:  # a FIFO lock: writes keep their issue order
                return await self._client.send(self._target, request)
        if request.path.startswith("../"):
            # An extension's API has a $batch of its own; its calls are not coalesced.
            return await self._client.send(self._target, request)
        future: asyncio.Future[BCResponse] = asyncio.get_running_loop().create_future()
        self._pending.append((request, future))
        if self._collecting:
            return await future
        # The first call of a tick collects. One yield puts it behind every callback already
        # scheduled, so siblings started in the same tick (asyncio.gather, a DataLoader's
        # dispatch) have all queued their calls when it looks again.
        self._collecting = True
        try:
            await _turns(_COLLECT_TICKS)
        except asyncio.CancelledError:
            future.cancel()
            self._collecting = False
            self._dispatch(self._take_pending())  # the others still go
            raise
        self._collecting = False
        pending = self._take_pending()
        if len(pending) == 1 and pending[0][1] is future:
            # Alone in its tick: sent as it is, from the caller's own task.
            return await self._client.send(self._target, request)
        self._dispatch(pending)
        return await future

    async def aclose(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        for _, future in self._take_pending():
            future.cancel()

    def _take_pending(self) -> list[_Pending]:
        # A caller that gave up (cancelled) before its tick ended is not sent at all.
        pending = [(r, f) for r, f in self._pending if not f.done()]
        self._pending = []
        return pending

    def _dispatch(self, pending: list[_Pending]) -> None:
        if not pending:
            return
        task = asyncio.get_running_loop().create_task(self._run(pending))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, pending: list[_Pending]) -> None:
        try:
            if len(pending) == 1:
                request, future = pending[0]
                try:
                    response = await self._client.send(self._target, request)
                except GatewayError as error:
                    _settle(future, error)
                else:
                    _settle(future, response)
                return
            results = await self._client.send_batch(
                self._target, [request for request, _ in pending], continue_on_error=True
            )
            for (_, future), result in zip(pending, results, strict=True):
                _settle(future, result)
        except asyncio.CancelledError:
            for _, future in pending:
                future.cancel()
            raise
        except Exception as error:  # a bug, not BC: every waiting caller should see it
            for _, future in pending:
                _settle(future, error)


def _turns(count: int) -> asyncio.Future[None]:
    """Done so that its waiter resumes `count` (at least 2) loop turns from now, as after
    `count` times `await asyncio.sleep(0)`. Plain callbacks count the turns: each sleep
    resumed the caller's whole chain of coroutines (resolver, session, client), a step
    that cost more than the turn itself."""
    loop = asyncio.get_running_loop()
    waiter: asyncio.Future[None] = loop.create_future()

    def turn(left: int) -> None:
        if waiter.done():  # the caller was cancelled
            return
        if left:
            loop.call_soon(turn, left - 1)
        else:
            waiter.set_result(None)  # its waiter wakes in the next turn, the last

    loop.call_soon(turn, count - 2)
    return waiter


def _settle(future: asyncio.Future[BCResponse], result: BCResponse | BaseException) -> None:
    if future.done():
        return
    if isinstance(result, BaseException):
        # Each caller raises its own copy: one exception object raised in many tasks would
        # collect all their tracebacks.
        future.set_exception(copy.copy(result))
    else:
        future.set_result(result)
