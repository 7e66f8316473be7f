"""A small client of graphql-sse's distinct-connections mode for tests: opens a stream
over real HTTP and reads its events and keep-alive comments as they come."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx

SSE_ACCEPT = {"accept": "text/event-stream"}


@dataclass
class Event:
    event: str
    data: str

    def json(self) -> Any:
        return json.loads(self.data)


@dataclass
class Stream:
    response: httpx.Response
    comments: int = 0
    _lines: AsyncIterator[str] = field(init=False)

    def __post_init__(self) -> None:
        self._lines = self.response.aiter_lines()

    async def next(self, within: float = 5.0) -> Event | None:
        """The next event (keep-alive comments counted on the way); None at the end."""
        return await asyncio.wait_for(self._read(), within)

    async def all(self, within: float = 5.0) -> list[Event]:
        """Every event until the server ends the stream."""
        events = []
        while (event := await self.next(within)) is not None:
            events.append(event)
        return events

    async def comment(self, within: float = 5.0) -> None:
        """Reads until one more keep-alive comment has come (no event may come first)."""
        seen = self.comments
        while self.comments == seen:
            line = await asyncio.wait_for(anext(self._lines), within)
            assert line.startswith(":") or line == "", line
            if line.startswith(":"):
                self.comments += 1

    async def _read(self) -> Event | None:
        name, data = "", []
        async for line in self._lines:
            if line.startswith(":"):
                self.comments += 1
            elif line.startswith("event:"):
                name = line.removeprefix("event:").strip()
            elif line.startswith("data:"):
                data.append(line.removeprefix("data:").removeprefix(" "))
            elif line == "" and name:
                return Event(name, "\n".join(data))
        return None


@contextlib.asynccontextmanager
async def open_stream(
    http: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
    method: str = "POST",
) -> AsyncIterator[Stream]:
    """POSTs the operation (or GETs it with query parameters) accepting an event stream."""
    sent = {**SSE_ACCEPT, **(headers or {})}
    if method == "GET":
        params = {"query": query, "variables": json.dumps(variables or {})}
        request = http.build_request("GET", "/graphql", params=params, headers=sent)
    else:
        body = {"query": query, "variables": variables or {}}
        request = http.build_request("POST", "/graphql", json=body, headers=sent)
    response = await http.send(request, stream=True)
    try:
        yield Stream(response)
    finally:
        await response.aclose()
