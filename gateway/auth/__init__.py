"""User tokens: the customer's backend signs a JWT per end user; the gateway verifies it once.

config.py     UserTokenConfig: an HS256 secret, a PEM public key or a JWKS URL; iss/aud/leeway
keys.py       where verification keys come from (static, or a cached JWKS)
verifier.py   UserTokenVerifier: token -> Principal, or Unauthenticated with a safe reason
backend.py    the Starlette authentication backend (HTTP) and its 401 response
websocket.py  the same from a connection_init payload
minting.py    mint_user_token, for dev mode and tests
"""

from gateway.auth.backend import (
    OnPaths,
    UserTokenBackend,
    UserTokenError,
    auth_error_response,
    bearer_token,
    error_response,
    require_principal,
)
from gateway.auth.config import UserTokenConfig
from gateway.auth.minting import mint_user_token
from gateway.auth.principal import Principal
from gateway.auth.verifier import UserTokenVerifier
from gateway.auth.websocket import authenticate_connection_init, token_from_init_payload

__all__ = [
    "OnPaths",
    "Principal",
    "UserTokenBackend",
    "UserTokenConfig",
    "UserTokenError",
    "UserTokenVerifier",
    "auth_error_response",
    "authenticate_connection_init",
    "bearer_token",
    "error_response",
    "mint_user_token",
    "require_principal",
    "token_from_init_payload",
]
