"""The per-request context resolvers receive: who is asking, how to reach their BC (found
lazily, so a query that never calls BC, like introspection, needs no connection), and
this request's DataLoaders (never shared across requests or users)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from bcmodel import Registry
from gateway.bc import odata, urls
from gateway.bc.errors import BCAuthRejected, RequestTooLong
from gateway.bc.session import BCSession, Row
from gateway.bc.types import BCRequest, BCResponse
from gateway.errors import BadUserInput, Forbidden
from resolvers.cursors import CursorKeys


@dataclass(frozen=True)
class Upstream:
    """One user's BC for one request: their session (gateway/bc/session.py), and the
    company a query names none."""

    default_company_id: str
    session: BCSession
    # What BC refusing the token (401) means here, when the connection knows better than
    # BC's "rejected the client credentials": an organisation's app BC does not let in.
    refused: str = ""

    async def send(self, request: BCRequest) -> BCResponse:
        with _clients_values(self.refused):
            return await self.session.send(request)

    async def rows(
        self, path: str, params: dict[str, str], *, want: int | None = None
    ) -> tuple[list[Row], int | None]:
        with _clients_values(self.refused):
            return await self.session.rows(path, params, want=want)

    async def by_ids(self, path: str, query: odata.Query, ids: Sequence[str]) -> list[Row]:
        with _clients_values(self.refused):
            return await self.session.by_ids(path, query, ids)

    async def content(self, path: str) -> bytes:
        return await self.session.content(path)

    async def upload(self, path: str, content: bytes) -> None:
        await self.session.upload(path, content)


@contextmanager
def _clients_values(refused: str) -> Iterator[None]:
    """Every URL a resolver sends is built from the client's arguments: one too long for
    BC is the client's to shorten. `refused`: what BC's 401 means (Upstream.refused)."""
    try:
        yield
    except RequestTooLong as error:
        raise BadUserInput(error.message) from None
    except BCAuthRejected as error:
        if not refused:
            raise
        raise Forbidden(refused, reason="app_not_allowed", **error.extensions) from None


@dataclass(frozen=True)
class AccountStatus:
    """The user's BC connection as `me` shows it; read from the store, not from BC."""

    user_id: str
    connected: bool
    tenant_id: str | None = None
    environment: str | None = None
    default_company_id: str | None = None
    # "user": the user's own delegated connection; "organisation": their organisation's
    # service-to-service connection (`organisation` names it); None: no connection.
    kind: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class EventsWebhook:
    """Where the connection's record events are posted (None: nowhere), and whether that is
    the connection's own webhook or the gateway's. Never the secret."""

    url: str | None
    own: bool


class Account(Protocol):
    """The user's connection, for `me`, `setDefaultCompany`, `disconnect` and
    `setEventsWebhook`: the web layer provides it (gateway.app), so resolvers never import
    the gateway's store or tokens."""

    async def status(self) -> AccountStatus: ...

    async def set_default_company(self, company_id: str) -> AccountStatus: ...

    async def disconnect(self) -> bool: ...

    async def set_events_webhook(self, url: str | None, secret: str | None) -> EventsWebhook: ...


@dataclass
class Context:
    user_id: str
    connect: Callable[[], Awaitable[Upstream]]
    # What this gateway signs its page cursors with (resolvers/cursors.py).
    cursor_keys: CursorKeys
    loaders: dict[Any, Any] = field(default_factory=dict)
    # Whatever the web layer wants to keep (request, response) for extensions.
    extra: dict[str, Any] = field(default_factory=dict)
    # None where connections are not managed by the caller (tests over a fixed upstream).
    account: Account | None = None
    _upstream: asyncio.Future[Upstream] | None = None

    async def upstream(self) -> Upstream:
        # One lookup per request even when sibling resolvers ask at the same time: the
        # first to ask looks it up in its own task (a task of its own, and a shield, were
        # ~2% of a small read's CPU), the others wait for its answer, or its error.
        while True:
            found = self._upstream
            if found is None:
                return await self._look_up()
            if found.done() and not found.cancelled():
                return found.result()
            try:
                return await asyncio.shield(found)
            except asyncio.CancelledError:
                if not found.cancelled():
                    raise  # this caller was cancelled
                # The one looking it up was cancelled before the answer: ask again.

    async def _look_up(self) -> Upstream:
        found: asyncio.Future[Upstream] = asyncio.get_running_loop().create_future()
        self._upstream = found
        try:
            upstream = await self.connect()
        except Exception as error:
            found.set_exception(error)
            found.exception()  # retrieved: raised here, and to whoever waits or asks later
            raise
        except BaseException:
            if self._upstream is found:
                self._upstream = None
            found.cancel()
            raise
        found.set_result(upstream)
        return upstream

    def forget_upstream(self) -> None:
        """After the connection changed (default company, disconnect): later fields of this
        request look it up again."""
        self._upstream = None

    @classmethod
    def fixed(cls, user_id: str, upstream: Upstream, cursor_keys: CursorKeys) -> Context:
        async def connect() -> Upstream:
            return upstream

        return cls(user_id=user_id, connect=connect, cursor_keys=cursor_keys)


def context_of(info: Any) -> Context:
    ctx = info.context
    if not isinstance(ctx, Context):  # pragma: no cover - wiring error
        raise TypeError("the GraphQL context is not a resolvers.context.Context")
    return ctx


def registry_of(info: Any) -> Registry:
    """The entities of the schema the operation runs on (schema.build_schema's registry):
    relations, parents and event kinds are looked up there."""
    registry = getattr(info.schema, "registry", None)
    if not isinstance(registry, Registry):  # pragma: no cover - wiring error
        raise TypeError("the GraphQL schema carries no bcmodel Registry")
    return registry


async def resolve(info: Any, company_id: str | None) -> tuple[Upstream, str]:
    """This user's BC, and the company to use (the connection's default when not given)."""
    return await resolve_in(context_of(info), company_id)


async def resolve_in(ctx: Context, company_id: str | None) -> tuple[Upstream, str]:
    up = await ctx.upstream()
    return up, str(company_id) if company_id else up.default_company_id


async def resolve_existing(info: Any, company_id: str | None) -> tuple[Upstream, str]:
    """As `resolve`, once BC has confirmed the company exists: NOT_FOUND (BC's 404, as a
    query on that company gets) otherwise. For callers whose own first call to BC would
    answer an unknown company differently: BC's subscriptions API takes the company inside
    the `resource` of a POST and refuses an unknown one with a 400."""
    up, company = await resolve(info, company_id)
    await up.send(BCRequest("GET", str(urls.company(company)), {"$select": "id"}))
    return up, company
