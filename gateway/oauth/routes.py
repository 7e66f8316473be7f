"""The connect flow over HTTP: `/connect/start` and the OAuth callback, for the app to mount.

GET  /connect/start            with `Authorization: Bearer <user token>` (or `?ticket=`):
                               302 to the identity provider; `?login_hint=` is passed on
POST /connect/start            with the user token: `{"url": ..., "expiresIn": ...}`, a
                               single-use link for the browser to navigate to
GET  /oauth/callback           where the identity provider sends the browser back
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from gateway.auth import error_response, require_principal
from gateway.errors import Unauthenticated
from gateway.oauth.config import CALLBACK_PATH, START_PATH
from gateway.oauth.flow import ConnectError, ConnectFlow, cookie_name
from gateway.oauth.pages import page, to_identity_provider

_NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


class ConnectEndpoints:
    def __init__(self, flow: ConnectFlow) -> None:
        self._flow = flow
        self._config = flow.config

    async def start(self, request: Request) -> Response:
        if request.method == "POST":
            return await self._ticket(request)
        ticket = request.query_params.get("ticket")
        if ticket:
            user_id = await self._flow.redeem_ticket(ticket)
            if user_id is None:
                return page(
                    "Connection not started",
                    "This connect link is invalid, was already used, or has expired. "
                    "Start connecting again from the app.",
                    status=400,
                )
        else:
            try:
                user_id = require_principal(request).user_id
            except Unauthenticated:
                refused = page(
                    "Sign in first",
                    "Connecting Business Central needs the app's user token.",
                    status=401,
                )
                refused.headers["WWW-Authenticate"] = "Bearer"
                return refused
        redirect_uri = self._redirect_uri(request)
        started = await self._flow.start(
            user_id,
            redirect_uri=redirect_uri,
            login_hint=request.query_params.get("login_hint"),
        )
        return to_identity_provider(
            started, redirect_uri, ttl_seconds=self._config.state_ttl_seconds
        )

    async def _ticket(self, request: Request) -> Response:
        try:
            user_id = require_principal(request).user_id
        except Unauthenticated as error:
            return error_response(error)
        ticket = await self._flow.issue_ticket(user_id)
        params = {"ticket": ticket}
        if hint := request.query_params.get("login_hint"):
            params["login_hint"] = hint
        base = self._config.connect_url
        if not base.startswith(("http://", "https://")):  # as in _redirect_uri
            base = str(request.url_for("connect_start"))
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
            if self._config.success_url:
                response = RedirectResponse(
                    self._config.success_url, status_code=302, headers=_NO_STORE
                )
            else:
                response = page(
                    "Business Central connected",
                    f"Connected to the {connection.environment} environment of tenant "
                    f"{connection.tenant_id}. You can close this window.",
                )
        if state:
            response.delete_cookie(
                cookie_name(state), path=urlsplit(self._redirect_uri(request)).path or "/"
            )
        return response

    def _redirect_uri(self, request: Request) -> str:
        # Blank only in an app made without a public URL (OAuthConfig.on_public_url).
        return self._config.redirect_url or str(request.url_for("oauth_callback"))


def connect_routes(flow: ConnectFlow) -> list[BaseRoute]:
    endpoints = ConnectEndpoints(flow)
    callback_path = urlsplit(flow.config.redirect_url).path or CALLBACK_PATH
    return [
        Route(START_PATH, endpoints.start, methods=["GET", "POST"], name="connect_start"),
        Route(callback_path, endpoints.callback, methods=["GET"], name="oauth_callback"),
    ]
