"""The validation handshake BC makes before it creates or renews a subscription."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

import httpx

from sandbox.errors import ODataError


class Handshake:
    def __init__(self, client: Callable[[], httpx.AsyncClient | None], timeout: float) -> None:
        self._client = client
        self._timeout = timeout

    async def confirm(self, notification_url: str) -> bool:
        """Whether the receiver echoed a fresh token within the timeout.

        BC's probe method is unconfirmed; POST (community reports) with no body.
        The receiver must answer 200 with exactly the token as its body.
        """
        client = self._client()
        if client is None:
            # Only when the app's lifespan never ran (a test driving the ASGI app
            # without it): say so instead of failing every handshake mysteriously.
            raise ODataError(
                503,
                "ServiceUnavailable",
                "The sandbox's webhook service is not running (its lifespan was not started).",
            )
        token = str(uuid.uuid4())
        try:
            # asyncio.timeout bounds the whole exchange: httpx's own timeouts are per
            # phase, and in-process (ASGI) transports ignore them altogether.
            async with asyncio.timeout(self._timeout):
                response = await client.post(
                    notification_url,
                    params={"validationToken": token},
                    timeout=self._timeout,
                )
        except Exception:
            # Unreachable, too slow, or (with an in-process transport) the receiver
            # itself raised: in every case BC got no valid answer.
            return False
        return response.status_code == 200 and response.text == token
