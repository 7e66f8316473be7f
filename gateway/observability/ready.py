"""`/readyz`: whether this replica can serve, checked now and within a bounded time.

Each check is a named coroutine that raises when its dependency is not usable; all run
concurrently under one timeout, so a hanging dependency makes the answer 503, never slow.
The runtime registers the store, BC and the identity platform; parts that come with their
own dependency (the pub/sub backend) add a check of their own with `add`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

Check = Callable[[], Awaitable[None]]


class Readiness:
    def __init__(self, timeout: float = 2.0) -> None:
        self.timeout = timeout
        self._checks: dict[str, Check] = {}

    def add(self, name: str, check: Check) -> None:
        self._checks[name] = check

    async def run(self) -> dict[str, str]:
        """Each check's outcome: "ok", "timeout", or the failure's class name."""
        names = list(self._checks)
        outcomes = await asyncio.gather(*(self._one(self._checks[n]) for n in names))
        return dict(zip(names, outcomes, strict=True))

    async def _one(self, check: Check) -> str:
        try:
            async with asyncio.timeout(self.timeout):
                await check()
        except TimeoutError:
            return "timeout"
        except Exception as error:  # the class only: messages may carry URLs or hosts
            return f"failed: {type(error).__name__}"
        return "ok"

    async def endpoint(self, request: Request) -> Response:
        checks = await self.run()
        ready = all(outcome == "ok" for outcome in checks.values())
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "checks": checks},
            status_code=200 if ready else 503,
            headers={"Cache-Control": "no-store"},
        )


class Unreachable(Exception):
    """The dependency answered, but with a server error."""


def http_reachable(http: httpx.AsyncClient, url: str) -> Check:
    """Any answer below 500 means the service is there: BC answers an anonymous GET of its
    API root with 401 or 404, which is exactly what proves it reachable."""

    async def check() -> None:
        response = await http.get(url)
        if response.status_code >= 500:
            raise Unreachable(str(response.status_code))

    return check


class _Readable(Protocol):
    async def get(self, key: str) -> Any: ...


class _Registry(Protocol):
    @property
    def shared(self) -> bool: ...

    async def find(self, key: str) -> Any: ...


class _Endpoints(Protocol):
    @property
    def bc_api_base_url(self) -> str: ...

    @property
    def authority(self) -> str: ...


def add_readiness_checks(
    readiness: Readiness,
    store: _Readable,
    idp_http: httpx.AsyncClient,
    oauth: _Endpoints,
    registry: _Registry,
) -> None:
    """The gateway's checks: its store, BC and the identity platform, and the webhook
    registry's Redis when replicas share one."""

    async def store_answers() -> None:
        await store.get("readyz")  # a read that goes all the way to the backend

    readiness.add("store", store_answers)
    # Reachability only (any answer below 500), through the IdP client: the BC client's
    # metrics count requests made for users, not these probes.
    readiness.add("bc", http_reachable(idp_http, oauth.bc_api_base_url))
    readiness.add("identity", http_reachable(idp_http, oauth.authority))
    if registry.shared:

        async def pubsub_answers() -> None:
            await registry.find("readyz")  # a read that goes all the way to Redis

        readiness.add("pubsub", pubsub_answers)
