"""An ASGI `send` that remembers whether the response has started: a middleware that
refuses a request mid-way (a body too large or too slow) may answer only before then."""

from __future__ import annotations

from starlette.types import Message, Send


class ResponseWatch:
    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)
