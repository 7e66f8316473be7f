"""The admin API's service-to-service controls: what a tenant admin does in Entra's portal
(grant or revoke an app's consent) and in BC's Microsoft Entra Applications page.

    GET    /_sandbox/identity/consents                      every consent, live or revoked
    PUT    /_sandbox/identity/consents/{tenant}/{clientId}  grant, as admin consent would
    DELETE /_sandbox/identity/consents/{tenant}/{clientId}  revoke: delete the service principal
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox.directory import Directory, Tenant
from sandbox.identity.app_consents import AppConsents


class _NotFound(Exception):
    pass


def s2s_admin_routes(directory: Directory, consents: AppConsents) -> list[BaseRoute]:
    def tenant_of(request: Request) -> Tenant:
        tenant = directory.tenant(request.path_params["tenant"])
        if tenant is None:
            raise _NotFound(f"no tenant {request.path_params['tenant']!r}")
        return tenant

    def client_of(request: Request) -> str:
        client_id = str(request.path_params["client_id"])
        if directory.client(client_id) is None:
            raise _NotFound(f"no app registration with client id {client_id!r}")
        return client_id

    async def list_consents(request: Request) -> Response:
        return JSONResponse({"value": [c.as_json() for c in consents.all()]})

    async def consent(request: Request) -> Response:
        try:
            tenant, client_id = tenant_of(request), client_of(request)
        except _NotFound as error:
            return JSONResponse({"error": str(error)}, status_code=404)
        if request.method == "PUT":
            consents.grant(client_id, tenant.id, None)
            return Response(status_code=204)
        if not consents.revoke(client_id, tenant.id):
            return JSONResponse(
                {"error": f"{client_id!r} has no live consent in tenant {tenant.id}"},
                status_code=404,
            )
        return Response(status_code=204)

    return [
        Route("/_sandbox/identity/consents", list_consents, methods=["GET"]),
        Route(
            "/_sandbox/identity/consents/{tenant}/{client_id}", consent, methods=["PUT", "DELETE"]
        ),
    ]
