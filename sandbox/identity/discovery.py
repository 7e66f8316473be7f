"""OpenID Connect discovery: the metadata document and the public signing keys."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.identity.authority import Authority
from sandbox.identity.errors import OAuthError
from sandbox.identity.keys import ALGORITHM, SigningKey
from sandbox.identity.tokens import issuer
from sandbox.identity.urls import base_url
from sandbox.settings import SandboxSettings

_CLAIMS = tuple("sub iss aud exp iat nbf nonce name preferred_username oid tid ver wids".split())
# Clients may cache these for a day: the key never changes under a running sandbox.
_CACHE = {"Cache-Control": "max-age=86400, private"}


class Discovery:
    def __init__(
        self, settings: SandboxSettings, key: SigningKey, clock: Callable[[], float]
    ) -> None:
        self._settings = settings
        self._key = key
        self._clock = clock

    async def openid_configuration(self, request: Request) -> Response:
        try:
            authority = Authority.resolve(self._settings.directory, request.path_params["tenant"])
        except OAuthError as error:
            return error.response(self._clock())
        base = base_url(self._settings, request)
        root = f"{base}/{authority.name}"
        # For common/organizations the issuer is a template, as at Entra: `{tenantid}` stands for
        # the `tid` of each token.
        tenant_id = authority.tenant.id if authority.tenant is not None else "{tenantid}"
        return JSONResponse(
            {
                "issuer": issuer(base, tenant_id),
                "authorization_endpoint": f"{root}/oauth2/v2.0/authorize",
                "token_endpoint": f"{root}/oauth2/v2.0/token",
                "jwks_uri": f"{root}/discovery/v2.0/keys",
                "response_types_supported": ["code"],
                "response_modes_supported": ["query"],
                "grant_types_supported": [
                    "authorization_code",
                    "refresh_token",
                    "client_credentials",
                ],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "client_secret_basic",
                ],
                "scopes_supported": ["openid", "profile", "email", "offline_access"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": [ALGORITHM],
                "claims_supported": [*_CLAIMS],
                "request_uri_parameter_supported": False,
                "tenant_region_scope": "NA",
            },
            headers=_CACHE,
        )

    async def keys(self, request: Request) -> Response:
        try:
            Authority.resolve(self._settings.directory, request.path_params["tenant"])
        except OAuthError as error:
            return error.response(self._clock())
        return JSONResponse({"keys": [self._key.public_jwk()]}, headers=_CACHE)
