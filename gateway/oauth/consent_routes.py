"""Admin consent over HTTP: an organisation's service-to-service connection.

GET  /connect/organisation/start   with the user token (or `?ticket=`): 302 to Microsoft's
                                   admin consent; `?tenant=` (an id or domain) names the
                                   tenant to consent in, else the admin's own
POST /connect/organisation/start   with the user token: `{"url": ..., "expiresIn": ...}`, a
                                   single-use link for the browser to navigate to
GET  /oauth/adminconsent           where Microsoft sends the browser back: after consent (on
                                   to the sign-in that confirms the tenant), and after that
                                   sign-in (the connection is made)

Only a user whose token names an organisation may start, and only for that organisation
(gateway/acting.py); the person who consents at Microsoft must be an admin of the tenant.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from gateway.acting import ActingResolver, require_organisation
from gateway.auth import error_response, require_principal
from gateway.errors import GatewayError
from gateway.oauth.admin_consent import AdminConsentFlow, Starter
from gateway.oauth.flow import ConnectError, Started, cookie_name
from gateway.oauth.pages import page, to_identity_provider

_NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


class AdminConsentEndpoints:
    def __init__(self, flow: AdminConsentFlow, acting: ActingResolver) -> None:
        self._flow = flow
        self._acting = acting
        self._config = flow.config

    def _starter(self, request: Request) -> Starter:
        principal = require_principal(request)
        return Starter(principal.user_id, require_organisation(self._acting, principal))

    async def start(self, request: Request) -> Response:
        if request.method == "POST":
            return await self._ticket(request)
        ticket = request.query_params.get("ticket")
        if ticket:
            starter = await self._flow.redeem_ticket(ticket)
            if starter is None:
                return page(
                    "Connection not started",
                    "This consent link is invalid, was already used, or has expired. "
                    "Start connecting the organisation again from the app.",
                    status=400,
                )
        else:
            try:
                starter = self._starter(request)
            except GatewayError as error:
                refused = page(
                    "Organisation connection not started", error.message, status=error.http_status
                )
                if error.http_status == 401:
                    refused.headers["WWW-Authenticate"] = "Bearer"
                return refused
        redirect_uri = self._redirect_uri(request)
        started = await self._flow.start(
            starter, redirect_uri=redirect_uri, tenant=request.query_params.get("tenant", "")
        )
        return self._redirect(started, redirect_uri)

    def _redirect(self, started: Started, redirect_uri: str) -> Response:
        """To the identity provider, with the cookie that binds the leg to this browser."""
        return to_identity_provider(
            started, redirect_uri, ttl_seconds=self._config.state_ttl_seconds
        )

    async def _ticket(self, request: Request) -> Response:
        try:
            starter = self._starter(request)
        except GatewayError as error:
            return error_response(error)
        params = {"ticket": await self._flow.issue_ticket(starter)}
        if tenant := request.query_params.get("tenant"):
            params["tenant"] = tenant
        base = self._config.consent_url
        if not base.startswith(("http://", "https://")):
            base = str(request.url_for("consent_start"))
        return JSONResponse(
            {"url": f"{base}?{urlencode(params)}", "expiresIn": self._config.ticket_ttl_seconds},
            headers=_NO_STORE,
        )

    async def callback(self, request: Request) -> Response:
        state = request.query_params.get("state", "")
        response: Response
        try:
            connection = await self._flow.finish(request.query_params, request.cookies)
        except ConnectError as error:
            response = page(error.title, error.message, status=error.status, detail=error.detail)
        else:
            if isinstance(connection, Started):
                # Consent is in; the sign-in that confirms its tenant comes next.
                response = self._redirect(connection, self._redirect_uri(request))
            elif self._config.success_url:
                response = RedirectResponse(
                    self._config.success_url, status_code=302, headers=_NO_STORE
                )
            else:
                response = page(
                    "Organisation connected",
                    f"The organisation's users now reach the {connection.environment} "
                    f"environment of tenant {connection.tenant_id} through the app. "
                    "You can close this window.",
                )
        if state:
            response.delete_cookie(
                cookie_name(state), path=urlsplit(self._redirect_uri(request)).path or "/"
            )
        return response

    def _redirect_uri(self, request: Request) -> str:
        return self._config.consent_redirect_url or str(request.url_for("admin_consent_callback"))
