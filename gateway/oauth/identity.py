"""Talking OAuth 2.0 to the identity provider (Entra ID, or the sandbox's stand-in).

The protocol pieces are authlib's (authorization URL, token request bodies, PKCE);
the requests go through the app's one injected httpx client. authlib's own httpx
client (`AsyncOAuth2Client`) is not used: since authlib 1.8 importing it warns that
its httpx support is deprecated in favour of httpx2, and being an httpx client itself
it would mean one more connection pool per connection instead of the app's shared one.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from gateway.oauth.config import OAuthConfig

# OAuth errors that say "try again later" rather than "this will never work".
_TRANSIENT_ERRORS = frozenset({"temporarily_unavailable", "server_error", "unreachable"})


class IdentityError(Exception):
    """The token endpoint said no (`error` is the RFC 6749 code), or could not be reached.

    `description` is the provider's text: fine for logs and error pages, never a token.
    """

    def __init__(self, error: str, description: str = "", status: int = 0) -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.error = error
        self.description = description
        self.status = status

    @property
    def invalid_grant(self) -> bool:
        return self.error == "invalid_grant"

    @property
    def transient(self) -> bool:
        return self.error in _TRANSIENT_ERRORS or self.status >= 500 or self.status == 429


@dataclass(frozen=True)
class TokenSet:
    access_token: str = field(repr=False)
    expires_in: float
    refresh_token: str | None = field(default=None, repr=False)
    scopes: tuple[str, ...] = ()
    # Only when `openid` was asked for; verified by gateway/oauth/id_tokens.py before any use.
    id_token: str | None = field(default=None, repr=False)


class IdentityClient:
    def __init__(self, config: OAuthConfig, http: httpx.AsyncClient) -> None:
        self._config = config
        self._http = http

    def authorize_url(
        self,
        *,
        state: str,
        code_verifier: str,
        redirect_uri: str,
        login_hint: str | None = None,
        scope: str | None = None,
        nonce: str | None = None,
    ) -> str:
        url: str = prepare_grant_uri(
            self._config.authorize_endpoint,
            client_id=self._config.client_id,
            response_type="code",
            redirect_uri=redirect_uri,
            scope=scope or " ".join(self._config.scopes),
            state=state,
            code_challenge=create_s256_code_challenge(code_verifier),
            code_challenge_method="S256",
            login_hint=login_hint or None,
            nonce=nonce,
        )
        return url

    async def exchange_code(self, code: str, code_verifier: str, redirect_uri: str) -> TokenSet:
        return await self._request(
            self._config.token_endpoint,
            "authorization_code",
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=code_verifier,
        )

    async def refresh(self, tenant_id: str, refresh_token: str) -> TokenSet:
        # The configured scopes, offline_access included: the granted `scope` a token
        # response reports leaves offline_access out, and asking without it may
        # return no new refresh token.
        return await self._request(
            self._config.tenant_token_endpoint(quote(tenant_id, safe="")),
            "refresh_token",
            refresh_token=refresh_token,
            scope=" ".join(self._config.scopes),
        )

    async def client_credentials(self, tenant_id: str) -> TokenSet:
        return await self._request(
            self._config.tenant_token_endpoint(quote(tenant_id, safe="")),
            "client_credentials",
            scope=self._config.app_scope,
        )

    async def _request(self, url: str, grant_type: str, **params: str) -> TokenSet:
        # client_secret_post: Entra accepts it, and it keeps the secret out of headers
        # that proxies tend to log.
        body: str = prepare_token_request(
            grant_type,
            client_id=self._config.client_id,
            client_secret=self._config.client_secret,
            **params,
        )
        try:
            response = await self._http.post(
                url,
                content=body.encode(),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json",
                },
            )
        except httpx.HTTPError as exc:
            raise IdentityError("unreachable", type(exc).__name__) from exc
        payload = _json_object(response)
        if response.status_code != 200 or "access_token" not in payload:
            raise IdentityError(
                str(payload.get("error") or "invalid_response"),
                str(payload.get("error_description") or ""),
                response.status_code,
            )
        return _token_set(payload)


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _token_set(payload: Mapping[str, Any]) -> TokenSet:
    try:
        expires_in = float(payload.get("expires_in", 3600))
    except (TypeError, ValueError):
        expires_in = 3600.0
    refresh = payload.get("refresh_token")
    id_token = payload.get("id_token")
    return TokenSet(
        access_token=str(payload["access_token"]),
        expires_in=expires_in,
        refresh_token=str(refresh) if refresh else None,
        scopes=tuple(str(payload.get("scope") or "").split()),
        id_token=str(id_token) if id_token else None,
    )


def unverified_claims(token: str) -> dict[str, Any]:
    """The claims of a JWT, read WITHOUT checking its signature.

    Only for routing: which tenant a BC access token belongs to (`tid`). That is safe
    here because the token arrived a moment ago from the token endpoint itself, over
    TLS, in answer to our client secret; it is meant for BC, not for us (Microsoft
    documents access tokens as opaque to clients), and BC verifies it on every call.
    Nothing here grants access on the strength of these claims.
    """
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}
