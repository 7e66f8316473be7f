"""A planned subscription on a handed-over socket, once its probe is through: a listener
on the multicast source of its (user, company, entity sets), called by that source's pump
with each change, which it renders by its plan and writes to the socket there and then.

It answers what gateway/ws/fanout.py's `planned` yields on the ASGI path, with the same
messages: `next` per wanted change, the `disconnected` error when the user's BC
connection ends, the overflow error when the client stops reading. An event the plan
cannot render goes to graphql-core in a task, and the changes after it wait in a small
backlog, so that the client sees them in order.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError
from strawberry.types.execution import ExecutionResult

from gateway.errors import GatewayError
from gateway.ws.fanout import Following, ends, executed, rendered
from gateway.ws.frames import next_message
from gateway.ws.plan import EventPlan, Unrenderable

if TYPE_CHECKING:
    from gateway.ws.native.session import SocketHost, TransportSession

__all__ = ["PlannedListener"]

logger = logging.getLogger("strawberry.ws.task")

# Changes held while graphql-core renders one (as many as an inbox holds on the ASGI path).
BACKLOG = 256


class PlannedListener:
    __slots__ = (
        "_backlog",
        "_detach",
        "_following",
        "_id",
        "_plan",
        "_request",
        "_session",
        "_task",
        "_user",
    )

    def __init__(
        self,
        session: TransportSession,
        operation_id: str,
        plan: EventPlan,
        following: Following,
        user_id: str,
        query: str,
        options: dict[str, Any],
    ) -> None:
        self._session: TransportSession | None = session
        self._id = operation_id
        self._plan = plan
        self._following = following
        self._user = user_id
        self._request = (query, options)
        self._detach: Callable[[], None] | None = None
        self._backlog: deque[Any] | None = None
        self._task: asyncio.Task[None] | None = None

    def attach(self, host: SocketHost) -> None:
        following = self._following
        self._detach = host.multicast.attach(following.key, following.open_source, self)

    def stop(self) -> None:
        """The client completed the operation or the socket went: leave the source."""
        self._session = None
        self._backlog = None
        if self._task is not None and self._task is not asyncio.current_task():
            self._task.cancel()
        self._task = None
        detach, self._detach = self._detach, None
        if detach is not None:
            detach()

    # -- what the pump calls --------------------------------------------------------------

    def offer(self, item: Any) -> bool:
        session = self._session
        if session is None:
            return True  # stopped; detached already, or about to be
        if self._backlog is not None:
            if len(self._backlog) >= BACKLOG:
                return False
            self._backlog.append(item)
            return True
        try:
            result = rendered(item, self._plan, self._following.follows)
        except Unrenderable:
            self._backlog = deque((item,))
            self._task = asyncio.get_running_loop().create_task(self._render_backlog())
            return True
        if result is not None:
            self._next(session, result)
        if ends(item):
            self._complete()
        return not session.behind()

    def fail(self, error: BaseException) -> None:
        session = self._session
        if session is None:
            return
        if isinstance(error, GatewayError):
            # As the ASGI path's `shared` reports it: the operation's last result.
            located = GraphQLError(error.message, extensions=error.to_extensions())
            self._next(session, ExecutionResult(data=None, errors=[located], extensions={}))
        else:
            logger.error("Exception in worker task", exc_info=error)
        self._complete()

    def finish(self) -> None:
        if self._session is not None:
            self._complete()

    # -------------------------------------------------------------------------------------

    def _next(self, session: TransportSession, result: ExecutionResult) -> None:
        session.send(next_message(self._id, result))

    def _complete(self) -> None:
        session = self._session
        self.stop()
        if session is not None:
            session.finish(self._id, {"id": self._id, "type": "complete"})

    async def _render_backlog(self) -> None:
        query, options = self._request
        while self._backlog:
            item = self._backlog[0]
            session = self._session
            if session is None:
                return
            try:
                result = rendered(item, self._plan, self._following.follows)
            except Unrenderable:
                result = await executed(
                    session.host, session.host.schema, self._user, query, options, item
                )
            if self._session is None or not self._backlog:
                return
            self._backlog.popleft()
            if result is not None:
                self._next(session, result)
            if ends(item):
                self._complete()
                return
        self._backlog = None
        self._task = None
