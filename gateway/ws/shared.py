"""Subscriptions shared by the sockets of one user: the same document, variables and
operation name run once per event however many sockets asked (gateway.pubsub.multicast
fans the results out)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from strawberry.schema import BaseSchema

from gateway.ws.view import SocketView
from resolvers.context import Context

__all__ = ["SharedSubscriptions", "subscription_key"]


class SharedSubscriptions:
    """The schema as the WebSocket handlers call it. A subscription that another socket of
    the same user already runs (same document, variables and operation name) joins it, so
    it executes once per event however many sockets asked (gateway.pubsub.multicast);
    everything else goes to the schema as it is."""

    def __init__(self, app: SocketView, schema: BaseSchema) -> None:
        self._app = app
        self._schema = schema

    async def stream(self, query: str, **options: Any) -> Any:
        key = subscription_key(query, options)
        if key is None:
            return await self._schema.stream(query, **options)
        options["context_value"] = self._app.user_context(key[0])
        return self._app.shared(key, lambda: self._schema.stream(query, **options))

    async def subscribe(self, query: str, **options: Any) -> Any:
        key = subscription_key(query, options)
        if key is None:
            return await self._schema.subscribe(query, **options)
        options["context_value"] = self._app.user_context(key[0])
        return self._app.shared(key, lambda: self._schema.subscribe(query, **options))


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
