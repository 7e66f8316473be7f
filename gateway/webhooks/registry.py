"""Where watches live, shared by every replica that shares the pub/sub.

Besides watches (with each BC subscription's clientState encrypted, like tokens), the
registry keeps what replicas must agree on: which topics some replica still has
subscribers for (interest, with a TTL so a dead replica's lapses), which notifications
were already seen (BC repeats them) and which record changes were already published (a
notification and a reconciliation may both find one), and snapshots (ids and digests
only, never record data) for what BC does not notify directly: records derived from
their parent's and polled entities; and per watch, the ids of the records it knows
(idsets.py).

The backend follows the pub/sub URL (`registry_url`): `redis://` keeps it in Redis; with
the pub/sub in the process, a SQLite connection store (`sqlite:///path`, one machine)
keeps it in the same file, so that it outlives the process; else (`memory://`) it lives
in this process. Every backend stores exactly the same encoded fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, Protocol
from urllib.parse import urlsplit

from gateway.connections.crypto import TokenCipher
from gateway.webhooks.model import Topic, Watch

Mark = Literal["checked_at", "next_poll_at", "idle_since", "reconciled", "next_reconcile_at"]


class Registry(Protocol):
    # True when several replicas may share it (Redis): a replica's watches are not its own.
    shared: bool
    # True when it outlives this process (Redis, a SQLite file): the next gateway carries
    # its watches on, so a stopping one keeps its BC subscriptions.
    durable: bool

    async def get(self, topic: Topic) -> Watch | None: ...

    async def find(self, subscription_id: str) -> Watch | None:
        """The watch a BC subscription id belongs to (what a notification names)."""
        ...

    async def save(self, watch: Watch) -> None:
        """Writes a watch made or renewed with BC. Its watermark, check and poll times
        are written only when it is new: those move on by `mark` and `advance`."""
        ...

    async def remove(self, topic: Topic) -> None:
        """Removes the watch, its subscription id and its snapshots."""
        ...

    async def all(self) -> list[Watch]: ...

    async def mark(self, topic: Topic, name: Mark, value: float | None) -> None:
        """Sets one time of an existing watch (never creates one)."""
        ...

    async def advance(self, topic: Topic, watermark: float) -> None:
        """Raises the watermark of an existing watch; never lowers it."""
        ...

    async def touch(self, topic: Topic, replica: str, ttl_seconds: float) -> None:
        """`replica` has subscribers for `topic`, for the next `ttl_seconds`."""
        ...

    async def drop(self, topic: Topic, replica: str) -> None: ...

    async def interested(self, topic: Topic) -> bool:
        """Whether any replica has subscribers for `topic`."""
        ...

    async def first_seen(self, keys: Sequence[str], ttl_seconds: float) -> list[bool]:
        """For each key, True the first time it is seen within `ttl_seconds`: atomic, so of
        two replicas taking one key at once, exactly one gets True."""
        ...

    async def snapshots(self, topic: Topic, names: Sequence[str]) -> dict[str, bytes]: ...

    async def store_snapshots(self, topic: Topic, values: Mapping[str, bytes | None]) -> None:
        """Writes snapshots; None removes one."""
        ...

    async def ids(self, topic: Topic) -> set[bytes] | None:
        """The watch's set of known record ids (idsets.py), None when none is kept."""
        ...

    async def store_ids(self, topic: Topic, ids: Iterable[bytes] | None) -> None:
        """Replaces the set of an existing watch; None stops keeping one."""
        ...

    async def change_ids(
        self, topic: Topic, *, add: Sequence[bytes], remove: Sequence[bytes]
    ) -> list[bool] | None:
        """Adds and removes ids at once (atomic): for each, in that order, True when it
        changed the set (an id added that was not there, one removed that was). None,
        changing nothing, when no set is kept."""
        ...

    async def close(self) -> None: ...


def registry_url(pubsub_url: str, store_url: str) -> str:
    """Where the registry lives: with the pub/sub when replicas share one (Redis); with the
    pub/sub in the process, in the connection store's file when that is SQLite (one
    machine), else in the process too."""
    in_process = urlsplit(pubsub_url).scheme.lower() == "memory"
    if in_process and urlsplit(store_url).scheme.lower() == "sqlite":
        return store_url
    return pubsub_url


def open_registry(url: str, cipher: TokenCipher, *, namespace: str) -> Registry:
    """Makes the registry without I/O (it is made with the app, before its lifespan)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        from gateway.connections.factory import SQLITE_PREFIX
        from gateway.webhooks.backends.sqlite import SQLiteRegistry

        if not url.startswith(SQLITE_PREFIX):
            raise ValueError("a SQLite registry URL looks like sqlite:///relative/path.db")
        return SQLiteRegistry(url.removeprefix(SQLITE_PREFIX), cipher, namespace=namespace)
    if scheme == "memory":
        from gateway.webhooks.backends.memory import MemoryRegistry

        return MemoryRegistry(cipher)
    if scheme in ("redis", "rediss", "unix"):
        from gateway.webhooks.backends.redis import RedisRegistry

        return RedisRegistry(url, cipher, namespace=namespace)
    raise ValueError(
        f"unknown webhook registry scheme {scheme!r}: use memory://, sqlite:/// or redis://"
    )


# -- one encoding for every backend --------------------------------------------------

# Written on every save; the rest only when the watch is new.
IDENTITY = ("topic", "sub", "secret", "etag", "url", "renewed", "expires")
MARKS: dict[Mark, str] = {
    "checked_at": "checked",
    "next_poll_at": "poll",
    "idle_since": "idle",
    "reconciled": "reconciled",
    "next_reconcile_at": "reconcile",
}


def encode_watch(watch: Watch, cipher: TokenCipher) -> dict[str, bytes]:
    t = watch.topic
    return {
        "topic": json.dumps([t.user_id, t.company_id, t.entity_set]).encode(),
        "sub": watch.subscription_id.encode(),
        "secret": cipher.encrypt(watch.client_state.encode()),
        "etag": watch.etag.encode(),
        "url": watch.notification_url.encode(),
        "renewed": repr(watch.renewed_at).encode(),
        "expires": repr(watch.expires_at).encode(),
        "watermark": repr(watch.watermark).encode(),
        "reconciled": repr(watch.reconciled).encode(),
        "reconcile": repr(watch.next_reconcile_at).encode(),
        "checked": repr(watch.checked_at).encode(),
        "poll": repr(watch.next_poll_at).encode(),
        "idle": encode_time(watch.idle_since),
    }


def decode_watch(fields: Mapping[str, bytes], cipher: TokenCipher) -> Watch | None:
    if "topic" not in fields:
        return None
    user_id, company_id, entity_set = json.loads(fields["topic"])
    return Watch(
        topic=Topic(user_id, company_id, entity_set),
        subscription_id=fields["sub"].decode(),
        client_state=cipher.decrypt(fields["secret"]).decode(),
        etag=fields["etag"].decode(),
        notification_url=fields["url"].decode(),
        renewed_at=float(fields["renewed"]),
        expires_at=float(fields["expires"]),
        watermark=float(fields.get("watermark", b"0")),
        # A watch saved before reconciliation existed starts at its watermark: every change
        # up to there did arrive.
        reconciled=float(fields.get("reconciled") or fields.get("watermark", b"0")),
        next_reconcile_at=float(fields.get("reconcile", b"0")),
        checked_at=float(fields.get("checked", b"0")),
        next_poll_at=float(fields.get("poll", b"0")),
        idle_since=float(fields["idle"]) if fields.get("idle") else None,
    )


def encode_time(value: float | None) -> bytes:
    return b"" if value is None else repr(value).encode()
