"""Organisation connections, wired: who acts through which connection (gateway/acting.py)
and admin consent (gateway/oauth/admin_consent.py), built once in the app's Runtime."""

from __future__ import annotations

import httpx
from starlette.routing import BaseRoute, Route

from gateway.acting import ActingResolver
from gateway.connections import ConnectionStore
from gateway.oauth import ConnectFlow, IdentityClient, OAuthConfig, TokenManager
from gateway.oauth.admin_consent import AdminConsentFlow
from gateway.oauth.config import CONSENT_CALLBACK_PATH, CONSENT_START_PATH
from gateway.oauth.consent_routes import AdminConsentEndpoints
from gateway.settings import Settings


class Organisations:
    def __init__(
        self,
        settings: Settings,
        oauth: OAuthConfig,
        store: ConnectionStore,
        identity: IdentityClient,
        http: httpx.AsyncClient,
        tokens: TokenManager,
        connect: ConnectFlow,
    ) -> None:
        claim = settings.user_tokens.org_claim if settings.user_tokens is not None else ""
        self.acting = ActingResolver(store, claim)
        self.consent = AdminConsentFlow(oauth, store, identity, http)
        # A connection made here is used at once by the requests this replica serves.
        for listener in (tokens.forget, self.acting.forget):
            self.consent.on_connected(listener)
        connect.on_connected(self.acting.forget)
        self._endpoints = AdminConsentEndpoints(self.consent, self.acting)

    def routes(self) -> list[BaseRoute]:
        endpoints = self._endpoints
        callback = self.consent.config.consent_redirect_url
        return [
            Route(
                CONSENT_START_PATH, endpoints.start, methods=["GET", "POST"], name="consent_start"
            ),
            Route(
                httpx.URL(callback).path if callback else CONSENT_CALLBACK_PATH,
                endpoints.callback,
                methods=["GET"],
                name="admin_consent_callback",
            ),
        ]
