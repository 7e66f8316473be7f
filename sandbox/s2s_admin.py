"""The admin API's service-to-service controls: what a tenant admin does in Entra's portal
(grant or revoke an app's consent) and in BC's Microsoft Entra Applications page.

    GET    /_sandbox/identity/consents                      every consent, live or revoked
    PUT    /_sandbox/identity/consents/{tenant}/{clientId}  grant, as admin consent would
    DELETE /_sandbox/identity/consents/{tenant}/{clientId}  revoke: delete the service principal

    GET    /_sandbox/entra-applications/{tenant}/{environment}             BC's list
    PUT    /_sandbox/entra-applications/{tenant}/{environment}/{clientId}  add or replace an entry
    PATCH  /_sandbox/entra-applications/{tenant}/{environment}/{clientId}  change some fields
    DELETE /_sandbox/entra-applications/{tenant}/{environment}/{clientId}  remove it

An entry's JSON: {"clientId", "description", "state": "Enabled" | "Disabled",
"permissionSets": ["D365 READ", ...]}; PUT defaults description to the app's name,
state to Enabled and permissionSets to none.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox.directory import Directory, Tenant
from sandbox.entra_apps import EntraApplication, EntraApplications
from sandbox.identity.app_consents import AppConsents


class _NotFound(Exception):
    pass


def s2s_admin_routes(
    directory: Directory, consents: AppConsents, apps: EntraApplications
) -> list[BaseRoute]:
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

    def environment_of(request: Request) -> tuple[Tenant, str]:
        tenant = tenant_of(request)
        environment = str(request.path_params["environment"]).lower()
        if environment not in tenant.environments:
            raise _NotFound(f"no environment {environment!r} in tenant {tenant.id}")
        return tenant, environment

    async def list_apps(request: Request) -> Response:
        try:
            tenant, environment = environment_of(request)
        except _NotFound as error:
            return JSONResponse({"error": str(error)}, status_code=404)
        return JSONResponse({"value": [a.as_json() for a in apps.list(tenant.id, environment)]})

    async def app(request: Request) -> Response:
        try:
            tenant, environment = environment_of(request)
        except _NotFound as error:
            return JSONResponse({"error": str(error)}, status_code=404)
        client_id = str(request.path_params["client_id"])
        existing = apps.get(tenant.id, environment, client_id)
        if request.method == "DELETE":
            if not apps.delete(tenant.id, environment, client_id):
                return JSONResponse({"error": f"{client_id!r} is not on the list"}, status_code=404)
            return Response(status_code=204)
        if request.method == "PATCH" and existing is None:
            return JSONResponse({"error": f"{client_id!r} is not on the list"}, status_code=404)
        if existing is None or request.method == "PUT":
            registered = directory.client(client_id)
            existing = EntraApplication(
                tenant.id, environment, client_id, registered.name if registered else client_id
            )
        try:
            body = orjson.loads(await request.body() or b"{}")
            if not isinstance(body, dict):
                raise ValueError("a JSON object is expected")
            saved = apps.put(_changed(existing, body))
        except (ValueError, TypeError) as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        return JSONResponse(saved.as_json())

    return [
        Route("/_sandbox/entra-applications/{tenant}/{environment}", list_apps, methods=["GET"]),
        Route(
            "/_sandbox/entra-applications/{tenant}/{environment}/{client_id}",
            app,
            methods=["PUT", "PATCH", "DELETE"],
        ),
        Route("/_sandbox/identity/consents", list_consents, methods=["GET"]),
        Route(
            "/_sandbox/identity/consents/{tenant}/{client_id}", consent, methods=["PUT", "DELETE"]
        ),
    ]


def _changed(app: EntraApplication, body: dict[str, Any]) -> EntraApplication:
    known = {"clientId", "description", "state", "permissionSets"}
    unknown = set(body) - known
    if unknown:
        raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
    if body.get("clientId", app.client_id) != app.client_id:
        raise ValueError("clientId in the body differs from the one in the URL")
    sets = body.get("permissionSets", app.permission_sets)
    if not isinstance(sets, (list, tuple)) or not all(isinstance(s, str) for s in sets):
        raise ValueError("permissionSets must be a list of permission set names")
    description = body.get("description", app.description)
    if not isinstance(description, str):
        raise ValueError("description must be a string")
    return replace(
        app,
        description=description,
        state=body.get("state", app.state),
        permission_sets=tuple(sets),
    )
