"""BCSession: one user's BC for one unit of work (a GraphQL request, a webhook job, a poll),
and `Sessions.open(user_id)`, the one function that builds it.

Everything that reads BC does it here, the resolvers and the webhook engine alike:

    rows(path, params)        a collection, following `@odata.nextLink` up to MAX_ROWS
    by_ids(path, query, ids)  records by id, `$filter=id eq a or id eq b …` chunked to
                              fit one URL each (the chunks go out in one `$batch`)
    send(request)             anything else, alone or coalesced with the calls of its tick
    content(path)             a stream's raw bytes (`attachments({id})/attachmentContent`)
    upload(path, bytes)       a stream's new content: PATCH of the raw body, If-Match *

Calls made in the same tick go out together as one `$batch` (BatchSession). A session
belongs to one user and must not outlive its unit of work: `aclose()` (or `async with`)
cancels what is still in flight.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from gateway.bc import odata, urls
from gateway.bc.batch import BatchSession
from gateway.bc.client import BCClient
from gateway.bc.closing import Closing
from gateway.bc.codec import decode_body
from gateway.bc.errors import error_from_response
from gateway.bc.types import BCRequest, BCResponse, BCTarget
from gateway.bc.wire import WireResponse
from gateway.errors import UpstreamError

__all__ = ["MAX_ROWS", "BCSession", "Connections", "Sessions"]

Send = Callable[[BCRequest], Awaitable[BCResponse]]
# One request with a raw body and a raw answer: (method, path, headers, content).
Raw = Callable[[str, str, dict[str, str], bytes | None], Awaitable[WireResponse]]
Row = dict[str, Any]

# How many rows one read follows nextLinks for, whatever asked: a guard against a
# runaway nextLink, not a page size (BC pages by 20,000 at most). Reads that must see
# every row (a reconciliation, a poll) stay far below it.
MAX_ROWS = 100_000


class BCSession(Closing):
    def __init__(
        self,
        send: Send,
        api_root: str,
        *,
        max_url_length: int = 2000,
        close: Callable[[], Awaitable[None]] | None = None,
        raw: Raw | None = None,
    ) -> None:
        """`send` takes one request to BC (a BatchSession's, in production); `api_root`
        keeps nextLinks on this user's BC; `max_url_length` bounds by-id chunks."""
        self._send = send
        self.api_root = api_root
        self.max_url_length = max_url_length
        self._close = close
        self._raw = raw

    async def aclose(self) -> None:
        if self._close is not None:
            await self._close()

    async def send(self, request: BCRequest) -> BCResponse:
        return await self._send(request)

    async def content(self, path: str) -> bytes:
        """A stream's bytes: one call of its own (a JSON $batch cannot carry them); empty
        when BC answers 204, for a record without content."""
        response = await self._raw_call("GET", path, {}, None)
        return response.content

    async def upload(self, path: str, content: bytes) -> None:
        """A stream's new content, as BC takes it: a PATCH of the raw body with If-Match *
        (the record's etag would be stale after the write that made it)."""
        headers = {"If-Match": "*", "Content-Type": "application/octet-stream"}
        await self._raw_call("PATCH", path, headers, content)

    async def _raw_call(
        self, method: str, path: str, headers: dict[str, str], content: bytes | None
    ) -> WireResponse:
        if self._raw is None:
            raise UpstreamError("This session cannot read or write streams.")
        response = await self._raw(method, path, headers, content)
        if not 200 <= response.status < 300:
            try:
                body = decode_body(response.content, response.headers.get("content-type"))
            except ValueError:
                body = None
            raise error_from_response(response.status, body, response.headers)
        return response

    async def rows(
        self, path: str, params: dict[str, str], *, want: int | None = None
    ) -> tuple[list[Row], int | None]:
        """Rows of a collection (at most `want`, and never more than MAX_ROWS), following
        `@odata.nextLink` only under the API root; and BC's `@odata.count` when asked."""
        body = (await self._send(BCRequest("GET", path, params))).body
        rows: list[Row] = list(body.get("value", []))
        count = body.get("@odata.count")
        link = body.get("@odata.nextLink")
        limit = MAX_ROWS if want is None else min(want, MAX_ROWS)
        while link and len(rows) < limit:
            try:
                next_path, next_params = urls.split_next_link(self.api_root, link)
            except ValueError:
                raise UpstreamError("BC returned a nextLink outside its API root.") from None
            body = (await self._send(BCRequest("GET", next_path, next_params))).body
            rows.extend(body.get("value", []))
            link = body.get("@odata.nextLink")
        return rows[:limit], None if count is None else int(count)

    async def by_ids(self, path: str, query: odata.Query, ids: Sequence[str]) -> list[Row]:
        """The records of `ids` that BC has, as `query` selects and expands them (its own
        filter is replaced), one call per chunk of ids that fits a URL."""
        if not ids:
            return []
        # The rest of the URL is the same for every chunk, so it is measured once.
        base = dataclasses.replace(query, filter=None)
        base_len = len(self.api_root) + len(path) + 2
        base_len += odata.encoded_length(base.render_params())
        chunks = odata.chunked_ids_filter(ids, self.max_url_length, base_len=base_len)
        pages = await asyncio.gather(
            *(
                self.rows(path, dataclasses.replace(base, filter=chunk).render_params())
                for chunk in chunks
            )
        )
        return [row for rows, _count in pages for row in rows]


class Connection(Protocol):
    @property
    def user_id(self) -> str: ...

    @property
    def api_root(self) -> str: ...


class Connections(Protocol):
    """Where a user's BC is and how to get their token (the token manager)."""

    async def connection(self, user_id: str) -> Connection: ...

    async def access_token(self, user_id: str, /) -> str: ...


class Sessions:
    """Opens a user's BC: the one way anything in the gateway reaches a user's BC."""

    def __init__(self, client: BCClient, connections: Connections) -> None:
        self.client = client
        self._connections = connections

    async def target(self, user_id: str) -> BCTarget:
        """The user's API root and token; NotConnected when they have no usable connection."""
        return self.target_of(await self._connections.connection(user_id))

    def target_of(self, connection: Connection) -> BCTarget:
        """The target of a connection already read."""
        connections = self._connections
        user_id = connection.user_id

        async def access_token() -> str:
            return await connections.access_token(user_id)

        return BCTarget(key=user_id, api_root=connection.api_root, access_token=access_token)

    async def open(self, user_id: str) -> BCSession:
        return self.session(await self.target(user_id))

    def session(self, target: BCTarget) -> BCSession:
        batch = BatchSession(self.client, target)
        return BCSession(
            batch.send,
            target.api_root,
            max_url_length=self.client.config.max_url_length,
            close=batch.aclose,
            raw=_raw_calls(self.client, target),
        )


def _raw_calls(client: BCClient, target: BCTarget) -> Raw:
    """A target's calls with raw bodies (streams), past the $batch: the client's token,
    governor and retries, BC's answer as it is."""

    async def raw(
        method: str, path: str, headers: dict[str, str], content: bytes | None
    ) -> WireResponse:
        return await client.send_raw(target, method, path, headers=headers, content=content)

    return raw
