"""User token -> Principal: signature, algorithm, exp/nbf/iss/aud, lifetime and `sub`, or
Unauthenticated.

A token that passed is remembered by its exact text (bounded, least recently used first)
until it expires, or until the keys it was checked with would have been fetched again,
whichever comes first: a client sends the same token with every request, and checking its
signature and claims again each time changes nothing before then. Every check that can
change its answer over time (exp, the lifetime without `iat`) can only turn a token away
once it expired; nbf only lets it in later. Refusals are not remembered.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
from joserfc import jws
from joserfc.errors import (
    ClaimError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwt import JWTClaimsRegistry

from gateway.auth.config import UserTokenConfig
from gateway.auth.keys import KeySource, key_source
from gateway.auth.principal import Principal
from gateway.errors import Unauthenticated
from gateway.lru import LRU

# Far above any real JWT; refusing larger input up front bounds the work a caller can cause.
MAX_TOKEN_BYTES = 16 * 1024
# Verified tokens remembered: users active at once, each with a token or two.
VERIFIED_ENTRIES = 4096


class UserTokenVerifier:
    """Verifies the JWTs the customer's backend signs for its end users.

    Every failure is an `Unauthenticated` whose message is safe to show the caller
    and whose `reason` extension is machine-readable; neither repeats the token.
    """

    def __init__(
        self,
        config: UserTokenConfig,
        *,
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._config = config
        self._keys: KeySource = key_source(config, http)
        self._clock = clock
        claims: dict[str, Any] = {"exp": {"essential": True}, "sub": {"essential": True}}
        if config.issuer:
            claims["iss"] = {"essential": True, "value": config.issuer}
        if config.audience:
            claims["aud"] = {"essential": True, "value": config.audience}
        self._claims = claims
        # token -> (principal, until when it may be taken without checking it again)
        self._verified: LRU[tuple[Principal, float]] = LRU(VERIFIED_ENTRIES)
        self._remember_seconds = config.jwks_cache_seconds

    async def verify(self, token: str) -> Principal:
        known = self._verified.get(token)
        if known is not None:
            principal, until = known
            if self._clock() < until:
                return principal
            self._verified.pop(token)
        principal = await self._verify(token)
        # Until `exp`, not `exp` plus the leeway: past it, the token is checked again.
        until = min(float(principal.claims["exp"]), self._clock() + self._remember_seconds)
        if self._clock() < until:
            self._verified.put(token, (principal, until))
        return principal

    async def _verify(self, token: str) -> Principal:
        if not token:
            raise Unauthenticated("A user token is required.", reason="missing_token")
        if len(token) > MAX_TOKEN_BYTES:
            raise Unauthenticated("The user token is too large.", reason="malformed_token")
        try:
            compact = jws.extract_compact(token.encode())
            header = compact.headers()
        except (JoseError, ValueError, UnicodeError) as exc:
            raise Unauthenticated("The user token is malformed.", reason="malformed_token") from exc
        alg = header.get("alg")
        # Checked here, before any key is chosen: `none`, or HS256 against a public key
        # (the classic algorithm-confusion attack), never reaches signature checking.
        if not isinstance(alg, str) or alg not in self._keys.algorithms:
            raise Unauthenticated(
                "The user token's signing algorithm is not accepted.", reason="algorithm_refused"
            )
        kid = header.get("kid")
        key = await self._keys.key_for(kid if isinstance(kid, str) else None)
        try:
            valid = jws.validate_compact(compact, key, algorithms=[alg])
        except JoseError as exc:
            raise Unauthenticated(
                "The user token's signature is invalid.", reason="invalid_signature"
            ) from exc
        if not valid:
            raise Unauthenticated(
                "The user token's signature is invalid.", reason="invalid_signature"
            )
        claims = _claims(compact.payload)
        self._check_claims(claims)
        self._check_lifetime(claims)
        return Principal(user_id=claims["sub"], claims=claims)

    def _check_claims(self, claims: dict[str, Any]) -> None:
        registry = JWTClaimsRegistry(
            now=lambda: int(self._clock()), leeway=self._config.leeway_seconds, **self._claims
        )
        try:
            registry.validate(claims)
        except ExpiredTokenError as exc:
            raise Unauthenticated("The user token has expired.", reason="token_expired") from exc
        except MissingClaimError as exc:
            raise Unauthenticated(
                f"The user token has no '{exc.claim}' claim.", reason="missing_claim"
            ) from exc
        except InvalidClaimError as exc:
            reason = "token_not_yet_valid" if exc.claim == "nbf" else "invalid_claim"
            raise Unauthenticated(_invalid_claim_message(exc.claim), reason=reason) from exc
        except ClaimError as exc:
            raise Unauthenticated(
                "The user token's claims are invalid.", reason="invalid_claim"
            ) from exc
        if not claims["sub"]:
            raise Unauthenticated(
                "The user token has an empty 'sub' claim.", reason="missing_claim"
            )

    def _check_lifetime(self, claims: dict[str, Any]) -> None:
        # Both are NumericDates by now (the registry checked them), `iat` not in the
        # future. Without `iat` the lifetime counts from now: what is left of it.
        now = self._clock()
        issued = claims.get("iat")
        start = min(issued, now) if issued is not None else now
        limit = self._config.max_lifetime_seconds
        if claims["exp"] - start > limit:
            raise Unauthenticated(
                f"The user token is valid for longer than this gateway accepts "
                f"({limit:.0f} seconds at most): issue it with a shorter lifetime.",
                reason="token_lifetime_too_long",
                maxLifetimeSeconds=int(limit),
            )


def _claims(payload: bytes | None) -> dict[str, Any]:
    try:
        claims = json.loads(payload or b"")
    except ValueError as exc:
        raise Unauthenticated("The user token is malformed.", reason="malformed_token") from exc
    if not isinstance(claims, dict):
        raise Unauthenticated("The user token is malformed.", reason="malformed_token")
    return claims


def _invalid_claim_message(claim: str) -> str:
    messages = {
        "iss": "The user token was issued by an issuer this gateway does not trust.",
        "aud": "The user token is meant for another audience.",
        "nbf": "The user token is not valid yet.",
    }
    return messages.get(claim, f"The user token's '{claim}' claim is invalid.")
