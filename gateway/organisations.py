"""Organisation connections, wired: who acts through which connection (gateway/acting.py)
and admin consent (gateway/oauth/admin_consent.py), built once in the app's Runtime."""

from __future__ import annotations

import httpx
from starlette.routing import BaseRoute, Route

from gateway.acting import ActingResolver, organisation_not_connected
from gateway.connections import ConnectionStore
from gateway.errors import NotConnected
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
        tokens.explain_missing(self._missing)
        self._oauth = oauth
        self._endpoints = AdminConsentEndpoints(self.consent, self.acting)

    def _missing(self, key: str) -> NotConnected | None:
        # A user whose token names an organisation with no connection: point at both ways in.
        organisation = self.acting.unconnected_organisation(key)
        if organisation is None:
            return None
        return organisation_not_connected(
            organisation, consent_url=self._oauth.consent_url, connect_url=self._oauth.connect_url
        )

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
