"""BC's environment discovery, `GET /environments/v1.2`: the token's tenant and its environments."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.errors import ODataError
from sandbox.identity.urls import base_url
from sandbox.identity.verifier import TokenVerifier
from sandbox.settings import SandboxSettings


class Environments:
    def __init__(self, settings: SandboxSettings, verifier: TokenVerifier) -> None:
        self._settings = settings
        self._verifier = verifier

    async def list(self, request: Request) -> Response:
        try:
            principal = self._verifier.verify(request.headers.get("authorization"))
        except ODataError as error:
            return error.response()
        tenant = self._settings.directory.tenant(principal.tenant_id)
        base = base_url(self._settings, request)
        environments = tenant.environments if tenant is not None else ()
        return JSONResponse(
            {
                "value": [
                    {
                        "aadTenantId": principal.tenant_id,
                        "applicationFamily": "BusinessCentral",
                        "type": "Production",
                        "name": name,
                        "countryCode": "US",
                        # The API root is this plus /api/v2.0.
                        "webServiceUrl": f"{base}/v2.0/{principal.tenant_id}/{name}",
                        # No web client in the sandbox: the URL only keeps BC's shape.
                        "webClientLoginUrl": f"{base}/{principal.tenant_id}/{name}",
                        "ringName": "PROD",
                    }
                    for name in environments
                ]
            }
        )
