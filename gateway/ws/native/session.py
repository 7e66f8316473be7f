"""graphql-transport-ws on a handed-over socket (gateway/ws/native/socket.py), message by
message, as Strawberry's handler and gateway/ws/transport.py answer it on the ASGI path:
the same frames, close codes and reasons, in the same order.

Messages are taken one at a time, as that handler's loop takes them: one that must wait
(connection_init's token check, an operation's turn in the rate limit) holds the ones
behind it in `_queue`, and a task (`_pump`) lives only while there are some. An
operation runs in a task until it is done, or, for a subscription an event plan renders,
until its probe is through: from then on it is a listener on the multicast
(gateway/ws/native/listener.py), and the socket holds no task at all.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from contextlib import aclosing
from typing import Any, Protocol

import orjson
from graphql import GraphQLError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.types.execution import ExecutionResult, PreExecutionError

from gateway.acting import Acting
from gateway.auth.principal import Principal
from gateway.errors import GatewayError, RateLimited
from gateway.observability import user_id_var
from gateway.pubsub.multicast import Multicast
from gateway.ws.fanout import Following, probed
from gateway.ws.frames import FORBIDDEN_CLOSE, formatted, next_message
from gateway.ws.native.listener import PlannedListener
from gateway.ws.native.socket import NativeSocket
from gateway.ws.shared import subscription_key
from gateway.ws.view import SocketView
from resolvers.context import Context

__all__ = ["SocketHost", "TransportSession"]

logger = logging.getLogger("strawberry.ws.task")


class SocketHost(SocketView, Protocol):
    """What a session needs of the GraphQL app (gateway/graphql.py)."""

    init_timeout: float
    multicast: Multicast[Any]
    # The Strawberry schema (the probe runs on it; events graphql-core renders too).
    schema: Any

    async def authenticate(self, principal: Principal | None, payload: object) -> Acting:
        """connection_init's user (GatewayError: the socket is refused)."""
        ...

    def socket_context(self, acting: Acting) -> Context:
        """A fresh context for one operation of the socket's user."""
        ...


class _Closed(Exception):
    """The operation closed the socket instead of completing."""


class TransportSession:
    __slots__ = (
        "_acting",
        "_host",
        "_init",
        "_operations",
        "_principal",
        "_pump",
        "_queue",
        "_socket",
        "_timer",
    )

    def __init__(self, socket: NativeSocket, host: SocketHost, principal: Principal | None) -> None:
        self._socket = socket
        self._host = host
        self._principal = principal
        # None: no connection_init yet; False: received, being checked; True: acknowledged.
        self._init: bool | None = None
        self._acting: Acting | None = None
        self._operations: dict[str, asyncio.Task[None] | PlannedListener] = {}
        self._queue: deque[dict[str, Any]] | None = None
        self._pump: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = asyncio.get_running_loop().call_later(
            host.init_timeout, self._init_timed_out
        )

    # -- from the socket ----------------------------------------------------------------

    def message(self, text: str) -> None:
        try:
            message = orjson.loads(text)
        except orjson.JSONDecodeError:
            self._socket.close(4400, "WebSocket message must be valid JSON")
            return
        if self._queue is not None:
            self._queue.append(message)
            return
        self._queue = deque((message,))
        self._pump = asyncio.get_running_loop().create_task(self._take())

    def binary(self) -> None:
        self._socket.close(4400, "WebSocket message type must be text")

    def ended(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._queue = None
        if self._pump is not None and self._pump is not asyncio.current_task():
            self._pump.cancel()
        self._pump = None
        operations, self._operations = self._operations, {}
        for operation in operations.values():
            if isinstance(operation, PlannedListener):
                operation.stop()
            elif operation is not asyncio.current_task():
                operation.cancel()

    @property
    def host(self) -> SocketHost:
        return self._host

    # -- to the socket ------------------------------------------------------------------

    def send(self, message: dict[str, Any]) -> None:
        self._socket.send(orjson.dumps(message))

    def finish(self, operation_id: str, message: dict[str, Any]) -> None:
        """An operation's last message (`complete` or `error`); its id is free again."""
        self._operations.pop(operation_id, None)
        self.send(message)

    def behind(self) -> bool:
        return self._socket.behind()

    # -- messages, in order -------------------------------------------------------------

    async def _take(self) -> None:
        try:
            while self._queue:
                await self._handle(self._queue.popleft())
        finally:
            if self._pump is asyncio.current_task():
                self._queue = self._pump = None

    async def _handle(self, message: Any) -> None:
        try:
            kind = message["type"]
            if kind == "connection_init":
                await self._connection_init(message)
            elif kind == "ping":
                self.send({"type": "pong"})
            elif kind == "pong":
                pass
            elif kind == "subscribe":
                await self._subscribe(message)
            elif kind == "complete":
                self._complete(message["id"])
            else:
                self._socket.close(4400, f"Unknown message type: {kind}")
        except (KeyError, TypeError):
            self._socket.close(4400, "Failed to parse message")
        except Exception:
            # What the handler's loop would have died of on the ASGI path (the store or the
            # rate limiter failing): the socket ends, saying so.
            logger.exception("Exception in the WebSocket's message handling")
            self._socket.close(1011, "Internal error")

    def _init_timed_out(self) -> None:
        self._timer = None
        if self._init is None:
            self._socket.close(4408, "Connection initialisation timeout")

    async def _connection_init(self, message: dict[str, Any]) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        payload = message.get("payload", {})
        if not isinstance(payload, dict):
            self._socket.close(4400, "Invalid connection init payload")
            return
        if self._init is not None:
            self._socket.close(4429, "Too many initialisation requests")
            return
        self._init = False
        try:
            acting = await self._host.authenticate(self._principal, payload)
        except GatewayError as error:
            self._socket.close(FORBIDDEN_CLOSE, str(error.extensions.get("reason") or error.code))
            return
        self._acting, self._principal = acting, None
        self._init = True
        self.send({"type": "connection_ack"})

    async def _subscribe(self, message: dict[str, Any]) -> None:
        if self._init is not True or self._acting is None:
            self._socket.close(4401, "Unauthorized")
            return
        operation_id = message["id"]
        if operation_id in self._operations:
            self._socket.close(4409, f"Subscriber for {operation_id} already exists")
            return
        refused: RateLimited | None = await self._host.take_operation(self._acting.key)
        if refused is not None:
            # `error` ends this operation only; the socket and its others go on.
            self.send({"id": operation_id, "type": "error", "payload": [formatted(refused)]})
            return
        payload = message["payload"]
        request = (payload["query"], payload.get("variables"), payload.get("operationName"))
        task = asyncio.get_running_loop().create_task(self._run(operation_id, *request))
        self._operations[operation_id] = task

    def _complete(self, operation_id: str) -> None:
        operation = self._operations.pop(operation_id, None)
        if isinstance(operation, PlannedListener):
            operation.stop()
        elif operation is not None:
            operation.cancel()

    # -- an operation ----------------------------------------------------------------------

    async def _run(
        self, operation_id: str, query: str, variables: Any, operation_name: Any
    ) -> None:
        acting = self._acting
        if acting is None:  # pragma: no cover - only acknowledged sockets start operations
            return
        user_id_var.set(acting.user_id)
        host = self._host
        context = host.socket_context(acting)
        options: dict[str, Any] = {
            "variable_values": variables,
            "context_value": context,
            "root_value": None,
            "operation_name": operation_name,
        }
        try:
            plan = None
            if subscription_key(query, options) is not None:
                plan = host.subscription_plans.plan(query, operation_name)
            if plan is None:
                source = await host.shared_schema.stream(query, **options)
                async with aclosing(source):
                    await self._results(operation_id, source)
                self.finish(operation_id, {"id": operation_id, "type": "complete"})
                return
            del options["context_value"]

            def run(probe_context: Context) -> Any:
                return host.schema.stream(query, **options, context_value=probe_context)

            found: list[Following] = []
            key = acting.key
            async with aclosing(probed(host, host.schema, run, key, found)) as probe:
                await self._results(operation_id, probe)
            if not found or operation_id not in self._operations:
                self.finish(operation_id, {"id": operation_id, "type": "complete"})
                return
            listener = PlannedListener(self, operation_id, plan, found[0], key, query, options)
            self._operations[operation_id] = listener
            listener.attach(host)
        except _Closed:
            return
        except Exception:
            logger.exception("Exception in worker task")
            if operation_id in self._operations:
                self.finish(operation_id, {"id": operation_id, "type": "complete"})
            raise

    async def _results(self, operation_id: str, source: Any) -> None:
        first = True
        async for result in source:
            if first and isinstance(result, PreExecutionError):
                assert result.errors
                error = result.errors[0]
                # The handler's own rule, so both paths close with the same reason.
                reason = BaseGraphQLTransportWSHandler._get_pre_execution_close_reason(error)
                if reason is not None:
                    self._operations.pop(operation_id, None)
                    self._socket.close(4400, reason)
                    raise _Closed
                self.finish(
                    operation_id,
                    {
                        "id": operation_id,
                        "type": "error",
                        "payload": [e.formatted for e in result.errors],
                    },
                )
                raise _Closed
            if not isinstance(result, ExecutionResult):
                error = GraphQLError(
                    "Incremental delivery is not supported over graphql-transport-ws"
                )
                self.finish(
                    operation_id,
                    {"id": operation_id, "type": "error", "payload": [error.formatted]},
                )
                raise _Closed
            await self._socket.drain()
            self.send(next_message(operation_id, result))
            first = False
