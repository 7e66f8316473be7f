"""A connection: one end user's link to their Business Central, with the tokens to use it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ConnectionStatus(StrEnum):
    ACTIVE = "active"
    # The identity provider refused the refresh token (revoked, expired, consent
    # withdrawn): only the user can fix it, by connecting again.
    NEEDS_CONSENT = "needs_consent"


class ConnectionKind(StrEnum):
    DELEGATED = "delegated"  # a user signed in (authorization code); refreshed by refresh token
    APP = "app"  # service-to-service for a whole tenant: client credentials, re-acquired


@dataclass(frozen=True)
class Company:
    id: str
    name: str


@dataclass(frozen=True, kw_only=True)
class Connection:
    """Tokens never appear in `repr`, so a connection can be logged.

    `version` is the store's: 0 for a connection never stored, then incremented by
    every write; `compare_and_set` writes only over the version it was read at.
    """

    user_id: str
    tenant_id: str
    environment: str
    api_root: str  # {BC API base}/v2.0/{tenant}/{environment}/api/v2.0
    access_token: str = field(repr=False)
    expires_at: float  # epoch seconds, by the gateway's clock when the token arrived
    issued_at: float  # when the access token arrived; with expires_at, its lifetime
    refresh_token: str | None = field(default=None, repr=False)
    default_company_id: str | None = None
    companies: tuple[Company, ...] = ()
    scopes: tuple[str, ...] = ()
    status: ConnectionStatus = ConnectionStatus.ACTIVE
    status_reason: str | None = None
    kind: ConnectionKind = ConnectionKind.DELEGATED
    created_at: float = 0.0
    updated_at: float = 0.0
    version: int = 0
