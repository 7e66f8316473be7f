"""`memory://`: the registry of a single gateway process.

Watches are kept encoded (clientStates encrypted), exactly as Redis would hold them.
Seen keys (notifications taken, record changes published) are capped as well as timed,
so a flood of distinct notifications cannot grow memory without bound.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence

from gateway.connections.crypto import TokenCipher
from gateway.webhooks.model import Topic, Watch
from gateway.webhooks.registry import (
    IDENTITY,
    MARKS,
    Mark,
    decode_watch,
    encode_time,
    encode_watch,
)

MAX_SEEN = 200_000


class MemoryRegistry:
    shared = False
    durable = False

    def __init__(self, cipher: TokenCipher, *, clock: Callable[[], float] = time.monotonic):
        self._cipher = cipher
        self._clock = clock
        self._watches: dict[str, dict[str, bytes]] = {}
        self._by_subscription: dict[str, str] = {}
        self._interest: dict[str, dict[str, float]] = {}
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._snapshots: dict[str, dict[str, bytes]] = {}
        self._ids: dict[str, set[bytes]] = {}

    async def get(self, topic: Topic) -> Watch | None:
        fields = self._watches.get(topic.key)
        return None if fields is None else decode_watch(fields, self._cipher)

    async def find(self, subscription_id: str) -> Watch | None:
        key = self._by_subscription.get(subscription_id)
        fields = self._watches.get(key) if key else None
        return None if fields is None else decode_watch(fields, self._cipher)

    async def save(self, watch: Watch) -> None:
        key = watch.topic.key
        encoded = encode_watch(watch, self._cipher)
        fields = self._watches.get(key)
        if fields is None:
            self._watches[key] = encoded
        else:
            old = fields["sub"].decode()
            if old and old != watch.subscription_id:
                self._by_subscription.pop(old, None)
            fields.update({name: encoded[name] for name in IDENTITY})
        if watch.subscription_id:
            self._by_subscription[watch.subscription_id] = key

    async def remove(self, topic: Topic) -> None:
        fields = self._watches.pop(topic.key, None)
        if fields is not None and fields["sub"]:
            self._by_subscription.pop(fields["sub"].decode(), None)
        self._snapshots.pop(topic.key, None)
        self._ids.pop(topic.key, None)

    async def all(self) -> list[Watch]:
        found = (decode_watch(f, self._cipher) for f in list(self._watches.values()))
        return [w for w in found if w is not None]

    async def mark(self, topic: Topic, name: Mark, value: float | None) -> None:
        fields = self._watches.get(topic.key)
        if fields is not None:
            fields[MARKS[name]] = encode_time(value)

    async def advance(self, topic: Topic, watermark: float) -> None:
        fields = self._watches.get(topic.key)
        if fields is not None and watermark > float(fields["watermark"]):
            fields["watermark"] = repr(watermark).encode()

    async def touch(self, topic: Topic, replica: str, ttl_seconds: float) -> None:
        self._interest.setdefault(topic.key, {})[replica] = self._clock() + ttl_seconds

    async def drop(self, topic: Topic, replica: str) -> None:
        holders = self._interest.get(topic.key)
        if holders is not None:
            holders.pop(replica, None)
            if not holders:
                del self._interest[topic.key]

    async def interested(self, topic: Topic) -> bool:
        holders = self._interest.get(topic.key)
        if not holders:
            return False
        now = self._clock()
        for replica, until in list(holders.items()):
            if until <= now:
                del holders[replica]
        if not holders:
            del self._interest[topic.key]
            return False
        return True

    async def first_seen(self, keys: Sequence[str], ttl_seconds: float) -> list[bool]:
        now = self._clock()
        seen = self._seen
        while seen and (next(iter(seen.values())) <= now or len(seen) > MAX_SEEN):
            seen.popitem(last=False)
        answers = []
        for key in keys:
            until = seen.get(key)
            if until is not None and until > now:
                answers.append(False)
                continue
            # Re-inserted at the end: entries stay ordered by expiry (one TTL for all).
            seen.pop(key, None)
            seen[key] = now + ttl_seconds
            answers.append(True)
        return answers

    async def snapshots(self, topic: Topic, names: Sequence[str]) -> dict[str, bytes]:
        mine = self._snapshots.get(topic.key, {})
        return {name: mine[name] for name in names if name in mine}

    async def store_snapshots(self, topic: Topic, values: Mapping[str, bytes | None]) -> None:
        if topic.key not in self._watches:
            return  # the watch went meanwhile: its snapshots went with it
        mine = self._snapshots.setdefault(topic.key, {})
        for name, value in values.items():
            if value is None:
                mine.pop(name, None)
            else:
                mine[name] = value

    async def ids(self, topic: Topic) -> set[bytes] | None:
        known = self._ids.get(topic.key)
        return None if known is None else set(known)

    async def store_ids(self, topic: Topic, ids: Iterable[bytes] | None) -> None:
        if ids is None:
            self._ids.pop(topic.key, None)
        elif topic.key in self._watches:
            self._ids[topic.key] = set(ids)

    async def change_ids(
        self, topic: Topic, *, add: Sequence[bytes], remove: Sequence[bytes]
    ) -> list[bool] | None:
        known = self._ids.get(topic.key)
        if known is None:
            return None
        answers = []
        for key in add:
            answers.append(key not in known)
            known.add(key)
        for key in remove:
            answers.append(key in known)
            known.discard(key)
        return answers

    async def close(self) -> None:
        return None
