"""Checking a bearer token on every BC API request.

Everything it needs is in memory (the public key, the directory), so a verify
is one RSA signature check and a few comparisons: no database, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwt import JWTClaimsRegistry

from sandbox.directory import Directory
from sandbox.errors import invalid_credentials
from sandbox.identity.keys import ALGORITHM, SigningKey
from sandbox.identity.principal import Principal
from sandbox.identity.scopes import BC_RESOURCE
from sandbox.identity.tokens import issuer

# Clock skew tolerated on exp/nbf/iat, as most resource servers allow.
LEEWAY_SECONDS = 60


class TokenVerifier:
    def __init__(
        self,
        key: SigningKey,
        directory: Directory,
        *,
        public_url: str,
        clock: Callable[[], float],
    ) -> None:
        self._key = key
        self._directory = directory
        # Empty when the sandbox takes its URL from each request: then any host may have issued
        # the token, and the signature alone proves it was us.
        self._public_url = public_url
        self._registry = JWTClaimsRegistry(
            now=lambda: int(clock()),
            leeway=LEEWAY_SECONDS,
            aud={"essential": True, "value": BC_RESOURCE},
            exp={"essential": True},
            iss={"essential": True},
            tid={"essential": True},
        )

    def verify(self, authorization_header: str | None) -> Principal:
        """The token's principal; raises BC's 401 `Authentication_InvalidCredentials` otherwise."""
        claims = self._claims(authorization_header)
        principal = self._principal(claims)
        if principal is None:
            raise invalid_credentials()
        return principal

    def _claims(self, authorization_header: str | None) -> dict[str, Any]:
        scheme, _, value = (authorization_header or "").partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise invalid_credentials()
        try:
            token = jwt.decode(value.strip(), self._key.public, algorithms=[ALGORITHM])
            self._registry.validate(token.claims)
        except (JoseError, ValueError) as exc:
            raise invalid_credentials() from exc
        if token.header.get("kid") != self._key.kid:
            raise invalid_credentials()
        return token.claims

    def _principal(self, claims: dict[str, Any]) -> Principal | None:
        tenant_id, client_id = claims.get("tid"), claims.get("azp")
        if not isinstance(tenant_id, str) or not isinstance(client_id, str):
            return None
        tenant = self._directory.tenant(tenant_id)
        if tenant is None or tenant.id != tenant_id or not self._issued_for(claims, tenant_id):
            return None
        scp, roles, oid = claims.get("scp"), claims.get("roles"), claims.get("oid")
        if isinstance(scp, str) and isinstance(oid, str):
            return Principal(tenant_id, oid, "user", frozenset(scp.split()), client_id)
        if scp is None and isinstance(roles, list) and all(isinstance(r, str) for r in roles):
            return Principal(tenant_id, client_id, "app", frozenset(roles), client_id)
        return None

    def _issued_for(self, claims: dict[str, Any], tenant_id: str) -> bool:
        iss = claims["iss"]
        if self._public_url:
            return bool(iss == issuer(self._public_url, tenant_id))
        return isinstance(iss, str) and iss.endswith(f"/{tenant_id}/v2.0")
