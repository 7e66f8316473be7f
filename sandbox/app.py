"""The sandbox as one ASGI app: BC's API, the identity platform, and the admin API."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import Receive, Send
from starlette.types import Scope as AsgiScope

from bcmodel import Registry
from bcmodel.subscriptions import SUBSCRIPTION
from sandbox.api import Api, ApiRequest, ApiResponse
from sandbox.batch import BatchRunner
from sandbox.custom import sandbox_entities
from sandbox.directory import Directory
from sandbox.entra_apps import EntraApplications
from sandbox.errors import ODataError, invalid_credentials
from sandbox.faults import ConnectionReset, Faults
from sandbox.filter import FilterCompiler
from sandbox.identity import IdentityProvider, Principal
from sandbox.limits import UserLimiter
from sandbox.paths import split_root
from sandbox.permission_sets import PermissionSets
from sandbox.reading import Reader
from sandbox.s2s_admin import s2s_admin_routes
from sandbox.seed import CompanySeed, build_seed, contoso
from sandbox.settings import SandboxSettings
from sandbox.stats import Stats
from sandbox.store import Scope, Store
from sandbox.webhooks import Webhooks
from sandbox.writing import Writer


@dataclass
class Sandbox:
    """Everything one sandbox instance holds; tests reach it as `app.state.sandbox`."""

    settings: SandboxSettings
    store: Store
    identity: IdentityProvider
    api: Api
    batch: BatchRunner
    limiter: UserLimiter
    faults: Faults
    stats: Stats
    webhooks: Webhooks
    # BC's standard entities and the sample custom API's (sandbox/custom/).
    entities: Registry
    # BC's Microsoft Entra Applications list: which apps' tokens each environment takes.
    entra_apps: EntraApplications

    def reseed(self) -> None:
        self.store.clear()
        self.webhooks.reset()
        if self.settings.seed:
            load_seed(self.store, self.settings.directory, self.entities)


# The seed is the same on every build (it reads no clock) and takes most of a sandbox's
# start; every test starts one: a memo of the pure function, bounded.
@functools.lru_cache(maxsize=4)
def _seed(directory: Directory) -> tuple[CompanySeed, ...]:
    return tuple(build_seed(directory))


# The seeded store new sandboxes copy (Store.start_from); never written to.
@functools.lru_cache(maxsize=4)
def _seeded(directory: Directory, entities: Registry) -> Store:
    store = Store(sqlite3.connect(":memory:", check_same_thread=False))
    load_seed(store, directory, entities)
    return store


def load_seed(store: Store, directory: Directory, entities: Registry) -> None:
    for company in _seed(directory):
        root = Scope(company.tenant_id, company.environment)
        store.bulk_insert(root, entities.companies.ref, [dict(company.company)])
        company_id = str(company.company["id"])
        scope = Scope(company.tenant_id, company.environment, company_id)
        for entity_set, rows in company.rows.items():
            # The store keeps the rows it is given: each sandbox gets its own.
            store.bulk_insert(scope, entity_set, [dict(row) for row in rows])
        # The sample custom API's rows, by entity ref.
        for ref, rows in contoso.rows(company_id, entities).items():
            store.bulk_insert(scope, ref, rows)


class ApiEndpoint:
    """Everything under `/v2.0/`: authenticate, apply BC's limits and injected faults, answer."""

    def __init__(self, sandbox: Sandbox) -> None:
        self._sb = sandbox

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await self._answer(request)
        except ConnectionReset:
            # Start an answer, then hang up: the client sees the connection drop mid-response.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"1000")],
                }
            )
            await send({"type": "http.response.body", "body": b"{", "more_body": True})
            raise
        await response(scope, receive, send)

    async def _answer(self, request: Request) -> Response:
        sb = self._sb
        rest = request.url.path.split("/v2.0/", 1)[1] if "/v2.0/" in request.url.path else ""
        method = request.method
        try:
            root = split_root(rest, sb.api.routes)
            principal = self._principal(request)
            tenant_id = self._tenant(root.tenant, principal)
            tenant = sb.settings.directory.tenant(tenant_id)
            if tenant is None or root.environment not in tenant.environments:
                raise ODataError(
                    404,
                    "BadRequest_ResourceNotFound",
                    f"The environment '{root.environment}' does not exist in this tenant.",
                )
            access = sb.entra_apps.access(principal, tenant.id, root.environment)
            async with sb.limiter.slot(principal.subject if principal else "anonymous"):
                await sb.faults.before_request()
                api_request = ApiRequest(
                    method=method,
                    scope=Scope(tenant.id, root.environment),
                    api_path=root.api_path,
                    params=dict(request.query_params),
                    headers={k.lower(): v for k, v in request.headers.items()},
                    body=await request.body(),
                    service_root=self._service_root(request, rest, root.api_path),
                    # An app acts as the BC user made for it on the Entra Applications list.
                    user_id=access.user_id if access else principal.subject if principal else "",
                    route=root.route,
                    access=access,
                )
                if root.api_path.strip("/") == "$batch":
                    answer = await sb.batch.run(api_request)
                else:
                    answer = await sb.api.handle(api_request)
        except ODataError as error:
            answer = ApiResponse(error.status, orjson.dumps(error.body()), headers=error.headers)
            api_path = rest
        else:
            api_path = root.api_path
        sb.stats.request(method, api_path, answer.status)
        return Response(
            answer.body,
            status_code=answer.status,
            media_type=answer.media_type,
            headers={"OData-Version": "4.0", **answer.headers},
        )

    def _principal(self, request: Request) -> Principal | None:
        if not self._sb.settings.auth_required:
            return None
        return self._sb.identity.verifier.verify(request.headers.get("authorization"))

    def _tenant(self, url_tenant: str | None, principal: Principal | None) -> str:
        directory = self._sb.settings.directory
        if url_tenant is not None:
            tenant = directory.tenant(url_tenant)
            if tenant is None:
                raise ODataError(
                    404, "BadRequest_ResourceNotFound", f"The tenant '{url_tenant}' was not found."
                )
            if principal is not None and principal.tenant_id != tenant.id:
                # A token only reaches its own tenant.
                raise invalid_credentials()
            return tenant.id
        if principal is None:
            return directory.tenants[0].id
        return principal.tenant_id

    def _service_root(self, request: Request, rest: str, api_path: str) -> str:
        base = self._sb.settings.public_url.rstrip("/") or str(request.base_url).rstrip("/")
        prefix = rest[: len(rest) - len(api_path)].rstrip("/")
        return f"{base}/v2.0/{prefix}"


def _admin_routes(sb: Sandbox) -> list[BaseRoute]:
    async def stats(request: Request) -> Response:
        if request.method == "DELETE":
            sb.stats.reset()
            sb.limiter.reset()
            return Response(status_code=204)
        return JSONResponse(sb.stats.snapshot(sb.limiter.peak_concurrency()))

    async def reset(request: Request) -> Response:
        sb.reseed()
        sb.identity.consents.reset()
        sb.entra_apps.reset()
        sb.stats.reset()
        sb.limiter.reset()
        sb.faults.clear()
        return Response(status_code=204)

    async def faults(request: Request) -> Response:
        if request.method == "DELETE":
            sb.faults.clear()
        elif request.method in ("PUT", "PATCH", "POST"):
            try:
                values = orjson.loads(await request.body())
                if not isinstance(values, dict):
                    raise ValueError("a JSON object of fault settings is expected")
                sb.faults.update(values)
            except (ValueError, TypeError) as error:
                return JSONResponse({"error": str(error)}, status_code=400)
        return JSONResponse(vars(sb.faults.settings))

    async def revoke(request: Request) -> Response:
        body = orjson.loads(await request.body() or b"{}")
        revoked = sb.identity.revoke_refresh_tokens(str(body.get("userId", "")))
        return JSONResponse({"revoked": revoked})

    async def flush_webhooks(request: Request) -> Response:
        await sb.webhooks.flush()
        return Response(status_code=204)

    return [
        Route("/_sandbox/webhooks/flush", flush_webhooks, methods=["POST"]),
        Route("/_sandbox/stats", stats, methods=["GET", "DELETE"]),
        Route("/_sandbox/reset", reset, methods=["POST"]),
        Route("/_sandbox/faults", faults, methods=["GET", "PUT", "PATCH", "POST", "DELETE"]),
        Route("/_sandbox/identity/revoke", revoke, methods=["POST"]),
        *s2s_admin_routes(sb.settings.directory, sb.identity.consents, sb.entra_apps),
    ]


def create_sandbox(
    settings: SandboxSettings | None = None,
    *,
    webhook_transport: httpx.AsyncBaseTransport | None = None,
) -> Starlette:
    """`webhook_transport` lets tests deliver webhooks to an in-process receiver."""
    settings = settings or SandboxSettings()
    # check_same_thread=False: uvicorn may run the app off the thread that built it;
    # all access stays on the one event loop.
    conn = sqlite3.connect(settings.db_path, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    store = Store(conn)
    entities = sandbox_entities()
    if store.empty and settings.seed:
        store.start_from(_seeded(settings.directory, entities))
    identity = IdentityProvider(settings, conn)
    reader = Reader(store, FilterCompiler(), entities)
    writer = Writer(store, entities)
    stats = Stats()
    faults = Faults()
    webhooks = Webhooks(settings, store, faults, stats, entities, transport=webhook_transport)
    api = Api(
        store,
        reader,
        writer,
        entities,
        max_page_size=settings.limits.max_page_size,
        resources={SUBSCRIPTION.entity_set: webhooks.api},
    )
    batch = BatchRunner(
        api,
        store,
        max_operations=settings.limits.max_batch_operations,
        on_operation=lambda method, path, status: stats.request(
            method, path, status, in_batch=True
        ),
    )
    sandbox = Sandbox(
        settings=settings,
        store=store,
        identity=identity,
        api=api,
        batch=batch,
        limiter=UserLimiter(settings.limits),
        faults=faults,
        stats=stats,
        webhooks=webhooks,
        entities=entities,
        entra_apps=EntraApplications(conn, PermissionSets(entities)),
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        await webhooks.start()
        try:
            yield {}
        finally:
            await webhooks.stop()
            conn.close()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    routes: list[BaseRoute] = [
        Route("/healthz", healthz),
        *identity.routes,
        Mount("/v2.0", app=ApiEndpoint(sandbox)),
    ]
    if settings.admin_enabled:
        routes += _admin_routes(sandbox)
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.sandbox = sandbox
    return app
