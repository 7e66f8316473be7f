"""What a GraphQL subscription reads: one connection's record changes in one company.

    async with feed.watch(user_id, company_id, {"vendors"}) as changes:
        async for change in changes:
            ...

Entering subscribes to the connection's channel first and only then makes sure the
topics are watched, so no event published once `watch` has returned is missed.
Leaving always unsubscribes and releases the topics.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable

import bcmodel
from gateway.pubsub import Broadcast, Subscriber
from gateway.pubsub.records import RecordChange, channel
from gateway.webhooks.interest import Interest
from gateway.webhooks.model import Topic, watchable, watched_set


class LiveFeed:
    def __init__(
        self, broadcast: Broadcast, interest: Interest, entities: bcmodel.Registry
    ) -> None:
        self._entities = entities
        self._broadcast = broadcast
        self._interest = interest

    @contextlib.asynccontextmanager
    async def watch(
        self, user_id: str, company_id: str, entity_sets: Iterable[str]
    ) -> AsyncIterator[AsyncIterator[RecordChange]]:
        topics = [
            Topic(user_id, company_id.lower(), watched_set(self._entities, s))
            for s in entity_sets
            if watchable(self._entities, s) is not None
        ]
        async with self._broadcast.subscribe(channel(user_id, company_id)) as subscriber:
            await self._interest.hold(topics)
            try:
                yield Changes(subscriber)
            finally:
                self._interest.release(topics)


class Changes:
    """A subscriber's messages as RecordChanges (a class, not an async generator: nothing
    is left for the garbage collector to finalize when the subscription ends)."""

    __slots__ = ("_subscriber",)

    def __init__(self, subscriber: Subscriber) -> None:
        self._subscriber = subscriber

    def __aiter__(self) -> Changes:
        return self

    async def __anext__(self) -> RecordChange:
        message = await self._subscriber.__anext__()
        return RecordChange.decode(message.value)
