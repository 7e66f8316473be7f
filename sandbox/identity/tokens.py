"""Minting the JWTs the identity provider hands out: access tokens for BC, ID tokens for the app."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from joserfc import jwt

from sandbox.directory import User
from sandbox.identity.keys import ALGORITHM, SigningKey
from sandbox.identity.scopes import BC_RESOURCE

# Entra's built-in role template ids, as `wids` carries them: every member holds the
# default "User" role; a tenant admin holds Global Administrator too.
USER_ROLE = "b79fbf4d-3ef9-4689-8143-76b194e85509"
GLOBAL_ADMINISTRATOR_ROLE = "62e90394-69f5-4237-9190-012177145e10"


def issuer(base_url: str, tenant_id: str) -> str:
    """Microsoft's v2.0 issuer shape, on whatever host the sandbox is reached at."""
    return f"{base_url.rstrip('/')}/{tenant_id}/v2.0"


class TokenMinter:
    def __init__(self, key: SigningKey, lifetime_seconds: int, clock: Callable[[], float]) -> None:
        self._key = key
        self.lifetime_seconds = lifetime_seconds
        self._clock = clock

    def user_access_token(self, *, issuer_base: str, client_id: str, user: User, scp: str) -> str:
        return self._sign(
            self._common(issuer_base, user.tenant_id, client_id, BC_RESOURCE)
            | _user_claims(user)
            | {"scp": scp, "idtyp": "user"}
        )

    def app_access_token(
        self, *, issuer_base: str, tenant_id: str, client_id: str, roles: tuple[str, ...]
    ) -> str:
        # An app token has no user: Entra puts the service principal's object id in oid/sub,
        # and the sandbox's apps have no object id apart from their client id.
        return self._sign(
            self._common(issuer_base, tenant_id, client_id, BC_RESOURCE)
            | {"oid": client_id, "sub": client_id, "roles": list(roles), "idtyp": "app"}
        )

    def id_token(self, *, issuer_base: str, client_id: str, user: User, nonce: str | None) -> str:
        claims = self._common(issuer_base, user.tenant_id, client_id, client_id) | _user_claims(
            user
        )
        # Entra adds `wids` when the app's manifest asks for directory roles
        # (groupMembershipClaims "DirectoryRole" or "All"); the sandbox's apps all do.
        claims["wids"] = [GLOBAL_ADMINISTRATOR_ROLE, USER_ROLE] if user.admin else [USER_ROLE]
        if nonce is not None:
            claims["nonce"] = nonce
        return self._sign(claims)

    def _common(
        self, issuer_base: str, tenant_id: str, client_id: str, audience: str
    ) -> dict[str, Any]:
        now = int(self._clock())
        return {
            "aud": audience,
            "iss": issuer(issuer_base, tenant_id),
            "iat": now,
            "nbf": now,
            "exp": now + self.lifetime_seconds,
            "tid": tenant_id,
            # v1 (appid) and v2 (azp) names for the client both appear: libraries read either.
            "appid": client_id,
            "azp": client_id,
            "appidacr": "1",  # 1 = authenticated with a client secret
            "azpacr": "1",
            "ver": "2.0",
            "uti": secrets.token_urlsafe(16),
        }

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode({"alg": ALGORITHM, "kid": self._key.kid}, claims, self._key.private)


def _user_claims(user: User) -> dict[str, Any]:
    return {
        "oid": user.id,
        "sub": user.id,
        "upn": user.username,
        "preferred_username": user.username,
        "name": user.name,
    }
