"""After a token: which BC environment and companies it opens (BC reference §9).

`GET {BC API base}/environments/v1.2` lists the token tenant's environments;
`GET {API root}/companies` lists the companies of one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from gateway.connections import Company


class DiscoveryError(Exception):
    """BC would not say where the user's data is; the message is safe for an error page.
    `status`: BC's HTTP status when it answered (401: it refused the token)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Environment:
    name: str
    type: str  # Production | Sandbox
    tenant_id: str


@dataclass(frozen=True)
class Discovered:
    environment: str
    api_root: str
    companies: tuple[Company, ...]


def api_root(bc_api_base_url: str, tenant_id: str, environment: str) -> str:
    # Built from the configured base, not from the webServiceUrl BC returns, so a
    # connection's calls can only ever go to the BC host this gateway was set up for.
    base = bc_api_base_url.rstrip("/")
    return f"{base}/v2.0/{quote(tenant_id, safe='')}/{quote(environment, safe='')}/api/v2.0"


async def discover(
    http: httpx.AsyncClient,
    *,
    bc_api_base_url: str,
    tenant_id: str,
    access_token: str,
    preferred_environment: str = "",
) -> Discovered:
    environments = await list_environments(http, bc_api_base_url, access_token)
    environments = [e for e in environments if e.tenant_id in ("", tenant_id)]
    chosen = choose_environment(environments, preferred_environment)
    if chosen is None:
        raise DiscoveryError("The Microsoft account has no Business Central environment.")
    root = api_root(bc_api_base_url, tenant_id, chosen.name)
    companies = await list_companies(http, root, access_token)
    return Discovered(chosen.name, root, companies)


def choose_environment(environments: list[Environment], preferred: str) -> Environment | None:
    if preferred:
        named = [e for e in environments if e.name.lower() == preferred.lower()]
        if named:
            return named[0]
    production = [e for e in environments if e.type.lower() == "production"]
    candidates = production or environments
    return candidates[0] if candidates else None


async def list_environments(
    http: httpx.AsyncClient, bc_api_base_url: str, access_token: str
) -> list[Environment]:
    body = await _get(http, f"{bc_api_base_url.rstrip('/')}/environments/v1.2", access_token)
    return [
        Environment(
            name=str(item.get("name", "")),
            type=str(item.get("type", "")),
            tenant_id=str(item.get("aadTenantId", "")),
        )
        for item in _values(body)
        if item.get("name")
    ]


async def list_companies(
    http: httpx.AsyncClient, api_root: str, access_token: str
) -> tuple[Company, ...]:
    body = await _get(http, f"{api_root}/companies", access_token)
    return tuple(
        Company(id=str(item["id"]), name=str(item.get("name", "")))
        for item in _values(body)
        if item.get("id")
    )


async def _get(http: httpx.AsyncClient, url: str, access_token: str) -> Any:
    try:
        response = await http.get(
            url, headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
        )
    except httpx.HTTPError as exc:
        raise DiscoveryError("Business Central could not be reached.") from exc
    if response.status_code != 200:
        raise DiscoveryError(
            f"Business Central refused to list environments or companies "
            f"(HTTP {response.status_code}).",
            response.status_code,
        )
    try:
        return response.json()
    except ValueError as exc:
        raise DiscoveryError("Business Central sent an unreadable answer.") from exc


def _values(body: Any) -> list[dict[str, Any]]:
    values = body.get("value") if isinstance(body, dict) else None
    return [v for v in values if isinstance(v, dict)] if isinstance(values, list) else []
