"""The OpenID Connect ID token of a sign-in, verified: who signed in, in which tenant, and
whether Entra says they are an admin who may consent for it.

The signature, `aud` (the app's client id), `exp`/`nbf` and `sub` are checked by the
user token verifier (gateway/auth/verifier.py) against the identity provider's published
keys (`{authority}/discovery/v2.0/keys`); `iss` must be the v2.0 issuer of the token's
own `tid`, as Entra's multitenant issuer template says, and `nonce` the one this sign-in
sent. Only then is `tid` worth anything: it is the one tenant claim a browser cannot edit.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from gateway.auth.config import UserTokenConfig
from gateway.auth.verifier import UserTokenVerifier
from gateway.errors import Unauthenticated, UpstreamUnavailable
from gateway.oauth.config import OAuthConfig

GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10"
# Entra's built-in role template ids whose holders may grant tenant-wide admin consent
# to an app's permissions (Microsoft Entra built-in roles): Global, Privileged Role,
# Cloud Application and Application Administrator.
CONSENT_ADMIN_ROLES = frozenset(
    {
        GLOBAL_ADMINISTRATOR,
        "e8611ab8-c189-46e8-94e1-60213ab1f814",
        "158c047a-c907-4556-b7ef-446551a6b5f7",
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
    }
)


class IdTokenError(Exception):
    """The sign-in's ID token is not one to trust; `transient` when its keys were unreachable."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient


@dataclass(frozen=True)
class SignedIn:
    tenant_id: str
    username: str
    # `wids`: the directory roles Entra names when the app asks for them
    # (groupMembershipClaims "DirectoryRole" or "All"); None when the token has no `wids`.
    roles: frozenset[str] | None

    @property
    def may_consent(self) -> bool | None:
        """Whether the roles let this user grant admin consent; None when unknown."""
        return None if self.roles is None else bool(self.roles & CONSENT_ADMIN_ROLES)


class IdTokenVerifier:
    def __init__(
        self,
        config: OAuthConfig,
        http: httpx.AsyncClient,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._issuer_base = config.authority_host
        tokens = UserTokenConfig(
            jwks_url=f"{config.authority.rstrip('/')}/discovery/v2.0/keys",
            audience=config.client_id,
            algorithms=("RS256",),
        )
        self._verifier = UserTokenVerifier(tokens, http=http, clock=clock)

    async def verify(self, id_token: str, *, nonce: str) -> SignedIn:
        try:
            claims = (await self._verifier.verify(id_token)).claims
        except UpstreamUnavailable as exc:
            raise IdTokenError(
                "The identity provider's signing keys could not be fetched.", transient=True
            ) from exc
        except Unauthenticated as exc:
            raise IdTokenError(exc.message.replace("user token", "ID token")) from exc
        tenant_id = claims.get("tid")
        if not isinstance(tenant_id, str) or not tenant_id:
            raise IdTokenError("The ID token names no tenant.")
        if claims.get("iss") != f"{self._issuer_base}/{tenant_id}/v2.0":
            raise IdTokenError("The ID token was issued by an issuer this gateway does not trust.")
        if not hmac.compare_digest(str(claims.get("nonce", "")).encode(), nonce.encode()):
            raise IdTokenError("The ID token does not belong to this sign-in (nonce).")
        wids = claims.get("wids")
        roles = frozenset(str(r) for r in wids) if isinstance(wids, list) else None
        username = claims.get("preferred_username") or claims.get("upn") or claims["sub"]
        return SignedIn(tenant_id, str(username), roles)
