"""A webhook receiver for tests: a real uvicorn server on 127.0.0.1 that verifies each POST
with the `standardwebhooks` package and keeps what it got."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.servers import free_port, serve


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


@dataclass
class Received:
    webhook_id: str
    timestamp: str
    body: bytes
    # When it came (time.time()), for latency measured against a change's own clock.
    at: float = field(default_factory=time.time)

    @property
    def data(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.body)["data"]
        return value


@dataclass
class Receiver:
    secret: str
    # Statuses to answer, first to last; once used up, 204.
    answers: list[int] = field(default_factory=list)
    got: list[Received] = field(default_factory=list)
    refused: int = 0
    # Sent with each non-2xx answer when set.
    retry_after: str | None = None
    # Record id -> seconds to wait before answering its event (a slow receiver).
    slow: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self) -> Starlette:
        async def endpoint(request: Request) -> Response:
            body = await request.body()
            try:
                Webhook(self.secret).verify(body, dict(request.headers))
            except WebhookVerificationError:
                with self._lock:
                    self.refused += 1
                return Response(status_code=401)
            delay = self.slow.get(json.loads(body)["data"]["id"], 0.0)
            if delay:
                await asyncio.sleep(delay)
            with self._lock:
                status = self.answers.pop(0) if self.answers else 204
                if 200 <= status < 300:
                    self.got.append(
                        Received(
                            request.headers["webhook-id"],
                            request.headers["webhook-timestamp"],
                            body,
                        )
                    )
            ok = 200 <= status < 300
            headers = {"retry-after": self.retry_after} if self.retry_after and not ok else {}
            return Response(status_code=status, headers=headers)

        return Starlette(routes=[Route("/hook", endpoint, methods=["POST"])])

    def ids(self) -> list[str]:
        with self._lock:
            return [r.webhook_id for r in self.got]


@contextlib.contextmanager
def receiving(receiver: Receiver, port: int | None = None) -> Iterator[str]:
    """Serves the receiver until the block ends; yields its URL."""
    with serve(receiver.app(), port or free_port(), log_config=None) as base:
        yield base + "/hook"
