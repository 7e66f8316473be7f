"""`POST /{tenant}/oauth2/v2.0/token`: client authentication, then one grant."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.directory import Client
from sandbox.identity import errors
from sandbox.identity.authority import Authority
from sandbox.identity.clients import authenticate
from sandbox.identity.errors import OAuthError
from sandbox.identity.grants import Grants
from sandbox.identity.urls import base_url
from sandbox.settings import SandboxSettings

Grant = Callable[[Authority, Client, Mapping[str, str], str], dict[str, Any]]


class TokenEndpoint:
    def __init__(
        self, settings: SandboxSettings, grants: Grants, clock: Callable[[], float]
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._grants: dict[str, Grant] = {
            "authorization_code": grants.authorization_code,
            "refresh_token": grants.refresh_token,
            "client_credentials": grants.client_credentials,
        }

    async def handle(self, request: Request) -> Response:
        form = await request.form()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        try:
            authority = Authority.resolve(self._settings.directory, request.path_params["tenant"])
            grant_type = fields.get("grant_type")
            if not grant_type:
                raise errors.missing_parameter("grant_type")
            grant = self._grants.get(grant_type)
            if grant is None:
                raise errors.unsupported_grant_type(grant_type)
            client = authenticate(
                self._settings.directory,
                authority,
                fields,
                request.headers.get("authorization"),
                self._clock(),
            )
            body = grant(authority, client, fields, base_url(self._settings, request))
        except OAuthError as error:
            # Entra echoes the caller's client-request-id as the correlation id.
            return error.response(self._clock(), request.headers.get("client-request-id"))
        return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})
