"""Connecting a user's Business Central: the OAuth flow, app connections, and valid tokens.

config.py           OAuthConfig: app registration, authority, scopes, redirect, refresh policy
identity.py         IdentityClient: authorize URL (PKCE S256) and token requests
discovery.py        environments and companies behind a token
flow.py             ConnectFlow: start (state, PKCE, browser binding), finish (callback)
routes.py           /connect/start and /oauth/callback as Starlette routes
pages.py            the HTML a browser sees when a connect ends
app_connections.py  connect_app: client credentials for a whole tenant
admin_consent.py    AdminConsentFlow: an organisation's connection, by admin consent
consent_routes.py   /connect/organisation/start and /oauth/adminconsent as Starlette routes
tokens.py           TokenManager: single-flight refresh, needs_consent, disconnect
"""

from gateway.oauth.app_connections import app_refusal, app_user_id, connect_app
from gateway.oauth.config import OAuthConfig
from gateway.oauth.discovery import api_root
from gateway.oauth.flow import ConnectError, ConnectFlow
from gateway.oauth.identity import IdentityClient, IdentityError, TokenSet
from gateway.oauth.routes import connect_routes
from gateway.oauth.tokens import NEEDS_CONSENT, NO_CONNECTION, TokenManager

__all__ = [
    "NEEDS_CONSENT",
    "NO_CONNECTION",
    "ConnectError",
    "ConnectFlow",
    "IdentityClient",
    "IdentityError",
    "OAuthConfig",
    "TokenManager",
    "TokenSet",
    "api_root",
    "app_refusal",
    "app_user_id",
    "connect_app",
    "connect_routes",
]
