"""What goes to BC and what comes back, independent of how it is sent (alone or in a $batch)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class BCTarget:
    """Whose BC, and where: one connection's API root and a way to get its access token.

    `key` identifies the connection for the per-user governor and batching; two
    targets with the same key share BC's per-user limits.
    """

    key: str
    api_root: str  # e.g. https://api.businesscentral.dynamics.com/v2.0/{tenant}/{env}/api/v2.0
    access_token: Callable[[], Awaitable[str]]


@dataclass(frozen=True)
class BCRequest:
    method: str  # GET, POST, PATCH, DELETE
    path: str  # relative to the API root: "companies(<id>)/vendors(<id>)"
    params: Mapping[str, str] = field(default_factory=dict)  # rendered OData options
    body: Any = None  # JSON-able; Decimal allowed
    headers: Mapping[str, str] = field(default_factory=dict)  # e.g. If-Match, Prefer


@dataclass(frozen=True)
class BCResponse:
    status: int
    body: Any  # parsed JSON (numbers as Decimal), text for text/plain, None when empty
    headers: Mapping[str, str] = field(default_factory=dict)
