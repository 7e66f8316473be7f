"""User tokens the gateway signs itself: for dev mode (the demo user) and for tests."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from joserfc import jwt
from joserfc.jwk import OctKey

from gateway.auth.config import UserTokenConfig


def mint_user_token(
    config: UserTokenConfig,
    user_id: str,
    ttl: float = 3600.0,
    *,
    claims: Mapping[str, Any] | None = None,
    now: float | None = None,
) -> str:
    """An HS256 token for `user_id` that `UserTokenVerifier(config)` accepts.

    Only for an HS256 configuration: with a public key the gateway has no private key.
    `claims` are added last, so tests can override any of the standard ones.
    """
    if not config.hs256_secret:
        raise ValueError("minting user tokens needs an HS256 secret")
    issued = int(time.time() if now is None else now)
    payload: dict[str, Any] = {"sub": user_id, "iat": issued, "nbf": issued}
    payload["exp"] = issued + int(ttl)
    if config.issuer:
        payload["iss"] = config.issuer
    if config.audience:
        payload["aud"] = config.audience
    payload.update(claims or {})
    key = OctKey.import_key(config.hs256_secret.encode())
    return jwt.encode({"alg": "HS256", "typ": "JWT"}, payload, key)
