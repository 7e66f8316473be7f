"""Fan-out of planned subscriptions: every subscriber of one user's changes in a company's
entity sets reads them from one source, whatever its document, and renders each event
from its own plan (gateway/ws/plan.py).

A subscriber first runs its document the ordinary way once, through Strawberry (parsing,
validation, the limits, variables, the resolver's checks of the user and company), with a
context that tells the resolver to report what it would follow and end instead of
following it. Whatever that run yields (errors only) is the subscriber's answer, as it
would have been. Otherwise it joins the source of (user, company, entity sets) — one pub/
sub reader, one RecordEvent per change for all — and each change becomes its payload by
the plan: no graphql-core execution, no task, generator chain or queue of its own beyond
its socket's operation. An event the plan cannot render is executed by graphql-core.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable, Mapping
from contextlib import aclosing
from inspect import isawaitable
from typing import Any

from graphql import GraphQLError, GraphQLSchema, execute_subscription_event, parse
from strawberry.types import ExecutionResult

from bcmodel import Registry
from gateway.pubsub.records import ENDED, RecordChange
from gateway.ws.plan import EventPlan, Memo, Unrenderable, compile_plan
from gateway.ws.view import SocketView
from resolvers.context import Context
from resolvers.subscriptions import (
    FEED,
    PLANNED,
    Followed,
    RecordEvent,
    RecordFeed,
    disconnected,
    event,
)
from schema.errors import classify

__all__ = ["Following", "SubscriptionPlans", "ends", "executed", "planned", "probed", "rendered"]

Run = Callable[[Context], Awaitable[AsyncGenerator[Any, None]]]
Opener = Callable[[], Awaitable[AsyncGenerator[Any, None]]]


class SubscriptionPlans:
    """The plans of the subscription documents seen lately (None: the ordinary path), by
    document and operation name, bounded."""

    def __init__(self, schema: GraphQLSchema, *, maxsize: int = 512) -> None:
        self._schema = schema
        self._maxsize = maxsize
        self._plans: OrderedDict[tuple[str, str], EventPlan | None] = OrderedDict()

    def plan(self, query: str, operation_name: str | None) -> EventPlan | None:
        key = (query, operation_name or "")
        if key in self._plans:
            self._plans.move_to_end(key)
            return self._plans[key]
        try:
            plan = compile_plan(self._schema, parse(query), operation_name)
        except GraphQLError:
            plan = None
        self._plans[key] = plan
        if len(self._plans) > self._maxsize:
            self._plans.popitem(last=False)
        return plan


class _Change:
    """A change as every subscriber of a source reads it, its RecordEvent made once."""

    __slots__ = ("change", "event", "memo", "results")

    def __init__(self, change: RecordChange, event: RecordEvent | None) -> None:
        self.change = change
        self.event = event
        self.memo: Memo = {}  # what the plans rendered of it (gateway/ws/plan.py)
        # Each plan's result: the sockets of one document (one plan) share it, as they
        # shared one execution before plans.
        self.results: dict[EventPlan, ExecutionResult] = {}


class Following:
    """What a probed subscriber reads: the source of its (user, company, entity sets),
    shared by every such subscriber, and the changes it wants of it."""

    __slots__ = ("follows", "key", "open_source")

    def __init__(self, key: Hashable, open_source: Opener, follows: Followed) -> None:
        self.key = key
        self.open_source = open_source
        self.follows = follows


async def probed(
    app: SocketView, schema: Any, run: Run, user_id: str, found: list[Following]
) -> AsyncGenerator[Any, None]:
    """The probe's results (what the subscriber answers before its events, errors only);
    once they are through, `found` holds what it follows, or nothing when it ended
    there. `schema` is the Strawberry schema."""
    followed: list[Followed] = []
    context = app.user_context(user_id)
    context.extra[PLANNED] = followed.append
    probe = await run(context)
    async with aclosing(probe):
        async for result in probe:
            yield result
    if not followed:
        return
    follows = followed[0]
    feed: RecordFeed = context.extra[FEED]
    registry: Registry = schema.registry

    async def open_source() -> AsyncGenerator[_Change, None]:
        return _changes(feed, registry, user_id, follows)

    key = (PLANNED, user_id, follows.company_id, follows.entity_sets)
    found.append(Following(key, open_source, follows))


def rendered(item: _Change, plan: EventPlan, follows: Followed) -> ExecutionResult | None:
    """A change as this subscriber's result: None when it does not want it, the
    `disconnected` error when the source ended; raises Unrenderable when graphql-core must
    render it (`executed`). The sockets of one document (one plan) share the result, as
    they shared one execution before plans."""
    change = item.change
    if change.change == ENDED:
        return _failed(disconnected())
    if not follows.wants(change):
        return None
    result = item.results.get(plan)
    if result is None:
        data = plan.render(item.event, item.memo)
        result = item.results[plan] = ExecutionResult(data, None, {})
    return result


def ends(item: _Change) -> bool:
    """Whether this change is the last a subscriber gets (the user disconnected BC)."""
    return item.change.change == ENDED


async def planned(
    app: SocketView,
    schema: Any,
    plan: EventPlan,
    run: Run,
    user_id: str,
    query: str,
    options: Mapping[str, Any],
) -> AsyncGenerator[Any, None]:
    """One subscriber's results: `run` runs its document through Strawberry with the
    context given (the probe), `schema` is the Strawberry schema (for an event graphql-core
    renders)."""
    found: list[Following] = []
    async with aclosing(probed(app, schema, run, user_id, found)) as probe:
        async for result in probe:
            yield result
    if not found:
        return
    following = found[0]
    # An idle subscriber holds only what its events need: the probe's context (with its
    # BC session) and its run go now; an event graphql-core renders gets a fresh context.
    del run, found
    async with aclosing(app.shared(following.key, following.open_source)) as items:
        async for item in items:
            if not isinstance(item, _Change):
                yield item  # the source's error, its last
                continue
            try:
                result = rendered(item, plan, following.follows)
            except Unrenderable:
                yield await executed(app, schema, user_id, query, options, item)
                continue
            if result is not None:
                yield result
            if ends(item):
                return


async def _changes(
    feed: RecordFeed, registry: Registry, user_id: str, follows: Followed
) -> AsyncGenerator[_Change, None]:
    async with feed.watch(user_id, follows.company_id, follows.entity_sets) as changes:
        async for change in changes:
            if change.change == ENDED:
                yield _Change(change, None)
            elif change.entity_set in follows.entity_sets:
                yield _Change(change, event(change, registry))


def _failed(error: Exception) -> ExecutionResult:
    # As Strawberry reports an error raised by the subscription's source.
    located = GraphQLError(str(error), original_error=error)
    return ExecutionResult(data=None, errors=[classify(located)], extensions={})


async def executed(
    app: SocketView,
    schema: Any,
    user_id: str,
    query: str,
    options: Mapping[str, Any],
    item: _Change,
) -> ExecutionResult:
    """A change as graphql-core renders it, with a fresh context."""
    return await _executed(schema, query, options, app.user_context(user_id), item.event)


async def _executed(
    schema: Any, query: str, options: Mapping[str, Any], context: Context, root: Any
) -> ExecutionResult:
    """An event as graphql-core renders it (the event is the subscription field's value,
    as in its per-event execution), its errors coded as Strawberry's result has them."""
    built = schema.execution_context_class.build(
        schema._schema,
        parse(query),
        context_value=context,
        raw_variable_values=options.get("variable_values"),
        operation_name=options.get("operation_name"),
        operation_extensions=options.get("operation_extensions"),
    )
    if isinstance(built, list):  # pragma: no cover - the probe ran these variables already
        return ExecutionResult(data=None, errors=[classify(e) for e in built], extensions={})
    result = execute_subscription_event(built.build_per_event_executor(root))
    if isawaitable(result):
        result = await result
    errors = [classify(error) for error in result.errors] if result.errors else None
    return ExecutionResult(data=result.data, errors=errors, extensions={})
