"""User tokens on a WebSocket: browsers cannot set headers, so the token is in connection_init."""

from __future__ import annotations

from collections.abc import Mapping

from gateway.auth.backend import bearer_token
from gateway.auth.principal import Principal
from gateway.auth.verifier import UserTokenVerifier
from gateway.errors import Unauthenticated


def token_from_init_payload(payload: object) -> str:
    """The user token of a connection_init payload.

    Accepted: `{"authorization": "Bearer <t>"}`, `{"token": "<t>"}`, and the same inside
    `{"headers": {...}}` as Apollo-style clients send it. Keys are case-insensitive.
    """
    if isinstance(payload, Mapping):
        fields = {str(k).lower(): v for k, v in payload.items()}
        authorization = fields.get("authorization")
        if isinstance(authorization, str):
            return bearer_token(authorization)
        token = fields.get("token")
        if isinstance(token, str) and token:
            return token
        headers = fields.get("headers")
        if isinstance(headers, Mapping):
            return token_from_init_payload(headers)
    raise Unauthenticated(
        "The connection_init payload must carry the user token "
        '({"authorization": "Bearer <token>"} or {"token": "<token>"}).',
        reason="missing_token",
    )


async def authenticate_connection_init(verifier: UserTokenVerifier, payload: object) -> Principal:
    return await verifier.verify(token_from_init_payload(payload))
