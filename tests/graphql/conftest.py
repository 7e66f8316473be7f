"""Resolvers over the real BC client against the seeded sandbox: a per-request Context
with a fresh BatchSession, exactly as the web layer builds it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from strawberry.types import ExecutionResult

from gateway.bc.batch import BatchSession
from gateway.bc.client import BCClient, create_wire
from gateway.bc.config import BCClientConfig
from gateway.bc.session import BCSession
from gateway.bc.types import BCTarget
from gateway.bc.urls import api_root
from gateway.bc.wire import WireResponse
from resolvers.context import Context, Upstream
from resolvers.cursors import CursorKeys
from sandbox.directory import CONTOSO_TENANT, FABRIKAM_TENANT
from schema import build_schema
from tests.conftest import ALICE, BASE_URL, CAROL

SCHEMA = build_schema()


@dataclass
class Gateway:
    """Runs GraphQL operations as one user and reads the sandbox's upstream counters."""

    user: str
    client: BCClient
    target: BCTarget
    company_id: str
    http: httpx.AsyncClient
    # One gateway's keys: a cursor one execute returns is taken by the next.
    cursor_keys: CursorKeys = field(default_factory=CursorKeys.generate)

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        schema: Any = SCHEMA,
        operation_name: str | None = None,
    ) -> ExecutionResult:
        session = BatchSession(self.client, self.target)
        context = Context.fixed(
            self.user,
            Upstream(
                self.company_id,
                BCSession(
                    session.send,
                    self.target.api_root,
                    raw=self._raw,
                ),
            ),
            self.cursor_keys,
        )
        try:
            return await schema.execute(
                query,
                variable_values=variables,
                context_value=context,
                operation_name=operation_name,
            )
        finally:
            await session.aclose()

    async def _raw(
        self, method: str, path: str, headers: dict[str, str], content: bytes | None
    ) -> WireResponse:
        # Streams go past the $batch, as Sessions.session sends them.
        return await self.client.send_raw(
            self.target, method, path, headers=headers, content=content
        )

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        result = await self.execute(query, variables)
        assert result.errors is None, result.errors
        return result.data

    async def reset_stats(self) -> None:
        await self.http.delete("/_sandbox/stats")

    async def upstream_requests(self) -> int:
        return int((await self.http.get("/_sandbox/stats")).json()["httpRequests"])

    async def stats(self) -> dict[str, Any]:
        return dict((await self.http.get("/_sandbox/stats")).json())

    async def aclose(self) -> None:
        await self.client.aclose()
        await self.http.aclose()


async def gateway_for(app: Starlette, user: str, tenant: str) -> Gateway:
    sandbox = app.state.sandbox
    token = sandbox.identity.issue_access_token(user=user)

    async def access_token() -> str:
        return str(token)

    transport = httpx.ASGITransport(app=app)
    wire = create_wire(BCClientConfig(), transport=transport)
    root = api_root(BASE_URL, tenant, "production")
    target = BCTarget(key=user, api_root=root, access_token=access_token)
    admin = httpx.AsyncClient(transport=transport, base_url=BASE_URL)
    companies = await admin.get(f"{root}/companies", headers={"Authorization": f"Bearer {token}"})
    first = sorted(companies.json()["value"], key=lambda c: c["name"])[0]["id"]
    return Gateway(user, BCClient(wire), target, first, admin)


@pytest.fixture
async def gw(sandbox_app: Starlette) -> AsyncIterator[Gateway]:
    gateway = await gateway_for(sandbox_app, ALICE, CONTOSO_TENANT)
    yield gateway
    await gateway.aclose()


@pytest.fixture
async def gw_carol(sandbox_app: Starlette) -> AsyncIterator[Gateway]:
    gateway = await gateway_for(sandbox_app, CAROL, FABRIKAM_TENANT)
    yield gateway
    await gateway.aclose()
