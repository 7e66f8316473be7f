"""Subscriptions shared by the sockets of one user: a document an event plan can render
follows one source per (user, company, entity sets) with every other such subscriber
(gateway/ws/fanout.py); any other runs once per event for all the sockets that sent the
same document, variables and operation name (gateway.pubsub.multicast fans the results
out)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import orjson
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from strawberry.schema import BaseSchema

from gateway.ws.fanout import planned
from gateway.ws.view import SocketView
from resolvers.context import Context

__all__ = ["SharedSubscriptions", "subscription_key"]


class SharedSubscriptions:
    """The schema as the WebSocket handlers (and event streams) call it. A subscription
    whose document has an event plan follows the source of its (user, company, entity
    sets) and renders each event from the plan (gateway/ws/fanout.py); any other that
    another socket of the same user already runs (same document, variables and operation
    name) joins it, so it executes once per event however many sockets asked
    (gateway.pubsub.multicast); everything else goes to the schema as it is."""

    def __init__(self, app: SocketView, schema: BaseSchema) -> None:
        self._app = app
        self._schema = schema

    async def stream(self, query: str, **options: Any) -> Any:
        return await self._run(self._schema.stream, query, options)

    async def subscribe(self, query: str, **options: Any) -> Any:
        return await self._run(self._schema.subscribe, query, options)

    async def _run(self, run: Callable[..., Awaitable[Any]], query: str, options: Any) -> Any:
        key = subscription_key(query, options)
        if key is None:
            return await run(query, **options)
        plan = self._app.subscription_plans.plan(query, options.get("operation_name"))
        if plan is not None:
            # Its events fan out from one source per (user, company, entity sets) and are
            # rendered from the plan, whatever the other subscribers' documents.
            def probe(context: Context) -> Awaitable[Any]:
                return run(query, **{**options, "context_value": context})

            return planned(self._app, self._schema, plan, probe, key[0], query, options)
        options["context_value"] = self._app.user_context(key[0])
        return self._app.shared(key, lambda: run(query, **options))


def subscription_key(query: str, options: Mapping[str, Any]) -> tuple[str, ...] | None:
    """(user, document, variables, operation) of a subscription that can be shared, or
    None: not a subscription, not parseable (Strawberry reports that), no user yet."""
    context = options.get("context_value")
    if not query or not isinstance(context, Context) or not context.user_id:
        return None
    try:
        operation = get_operation_ast(parse(query), options.get("operation_name"))
    except GraphQLError:
        return None
    if operation is None or operation.operation is not OperationType.SUBSCRIPTION:
        return None
    variables = orjson.dumps(
        options.get("variable_values") or {}, option=orjson.OPT_SORT_KEYS, default=str
    ).decode()
    return (context.user_id, query, variables, options.get("operation_name") or "")
