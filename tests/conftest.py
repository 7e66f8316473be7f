"""Shared fixtures: a seeded sandbox driven over real HTTP semantics (httpx + ASGI)."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest
from joserfc.jwk import RSAKey
from starlette.applications import Starlette

from sandbox.app import Sandbox, create_sandbox
from sandbox.directory import CONTOSO_TENANT, FABRIKAM_TENANT
from sandbox.settings import SandboxSettings, WebhookSettings

BASE_URL = "http://sandbox.test"
ALICE = "alice@contoso.example"
CAROL = "carol@fabrikam.example"


@dataclass
class BC:
    """A client of the sandbox's BC API as one user, with the paths tests need."""

    http: httpx.AsyncClient
    sandbox: Sandbox
    tenant: str
    company_id: str

    @property
    def root(self) -> str:
        return f"/v2.0/{self.tenant}/production/api/v2.0"

    @property
    def company(self) -> str:
        return f"{self.root}/companies({self.company_id})"

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.get(self._url(path), **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.post(self._url(path), **kwargs)

    async def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.patch(self._url(path), **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.delete(self._url(path), **kwargs)

    def _url(self, path: str) -> str:
        if path.startswith("/"):
            return path
        return f"{self.company}/{path}"

    async def first(self, entity_set: str, query: str = "") -> dict[str, Any]:
        response = await self.get(f"{entity_set}?$top=1{query}")
        assert response.status_code == 200, response.text
        return response.json()["value"][0]


@functools.lru_cache(maxsize=1)
def shared_signing_key() -> str:
    """One identity-provider key for the test run's sandboxes: making one is slow."""
    return RSAKey.generate_key(2048).as_pem(private=True).decode()


def sandbox_settings(**overrides: Any) -> SandboxSettings:
    values: dict[str, Any] = {
        "signing_key_pem": shared_signing_key(),
        "admin_enabled": True,
        "public_url": BASE_URL,
        "webhooks": WebhookSettings(delay_seconds=0.0, retry_schedule=(0.05, 0.05, 0.05)),
    }
    values.update(overrides)
    return SandboxSettings(**values)


@pytest.fixture
def sandbox_app() -> Starlette:
    return create_sandbox(sandbox_settings())


async def connect(app: Starlette, user: str = ALICE, tenant: str = CONTOSO_TENANT) -> BC:
    sandbox: Sandbox = app.state.sandbox
    token = sandbox.identity.issue_access_token(user=user)
    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=BASE_URL,
        headers={"Authorization": f"Bearer {token}"},
    )
    companies = await http.get(f"/v2.0/{tenant}/production/api/v2.0/companies")
    assert companies.status_code == 200, companies.text
    first = sorted(companies.json()["value"], key=lambda c: c["name"])[0]
    return BC(http, sandbox, tenant, first["id"])


@pytest.fixture
async def bc(sandbox_app: Starlette) -> AsyncIterator[BC]:
    client = await connect(sandbox_app)
    try:
        yield client
    finally:
        await client.http.aclose()


@pytest.fixture
async def bc_fabrikam(sandbox_app: Starlette) -> AsyncIterator[BC]:
    client = await connect(sandbox_app, CAROL, FABRIKAM_TENANT)
    try:
        yield client
    finally:
        await client.http.aclose()


def instant(value: str) -> datetime:
    """A BC date-time as an instant. BC trims the fraction's trailing zeros (`.88Z`), so
    two of its date-times do not compare as text: `.884Z` sorts before `.88Z`."""
    return datetime.fromisoformat(value)
