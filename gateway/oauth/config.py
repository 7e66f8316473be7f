"""The connect flow's settings: the app registration, where its IdP is, and refresh policy."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from sandbox.directory import DEV_CLIENT_ID, DEV_CLIENT_SECRET

BC_API_BASE = "https://api.businesscentral.dynamics.com"
DEFAULT_SCOPES = (f"{BC_API_BASE}/user_impersonation", "offline_access")
# Client credentials ask for the resource's `.default`: every application permission granted.
APP_SCOPE = f"{BC_API_BASE}/.default"
CALLBACK_PATH = "/oauth/callback"
START_PATH = "/connect/start"
# An organisation's service-to-service connection: its admin consents (docs/setup.md).
CONSENT_START_PATH = "/connect/organisation/start"
CONSENT_CALLBACK_PATH = "/oauth/adminconsent"


@dataclass(frozen=True)
class OAuthConfig:
    """Blank `client_id` and `client_secret` mean the embedded sandbox identity provider
    with its published development app: call `resolve(sandbox_url)` to point the
    authority and the BC API base at it.

    `redirect_url` is the callback as registered with the app (section 11 of the BC
    reference) and `connect_url` what NOT_CONNECTED errors tell clients to open; the
    gateway fills both in from its public URL (`on_public_url`). Only an app made without
    a public URL derives the callback from each request's host. `success_url` is where a
    finished connect sends the browser (blank: a page).
    """

    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    authority: str = "https://login.microsoftonline.com/organizations"
    redirect_url: str = ""
    bc_api_base_url: str = BC_API_BASE
    success_url: str = ""
    connect_url: str = START_PATH
    # The admin consent callback (registered with the app too) and the link that starts
    # admin consent, what an organisation's NOT_CONNECTED errors name.
    consent_redirect_url: str = ""
    consent_url: str = CONSENT_START_PATH
    # A tenant with several environments: this one if it exists, else the first production one.
    environment: str = ""
    app_scope: str = APP_SCOPE
    state_ttl_seconds: float = 600.0
    ticket_ttl_seconds: float = 60.0
    # Refresh this long before expiry (at most half the token's lifetime).
    refresh_leeway_seconds: float = 300.0
    # How long one replica may hold the refresh lease; longer than a token request takes.
    refresh_lock_seconds: float = 30.0

    def __post_init__(self) -> None:
        if bool(self.client_id) != bool(self.client_secret):
            raise ValueError(
                "set both the OAuth client id and secret, or neither (for the sandbox's dev app)"
            )

    @property
    def uses_sandbox(self) -> bool:
        return not self.client_id

    def resolve(self, sandbox_url: str) -> OAuthConfig:
        """With blank credentials: the sandbox's dev app, IdP and BC API at `sandbox_url`."""
        if not self.uses_sandbox:
            return self
        base = sandbox_url.rstrip("/")
        return dataclasses.replace(
            self,
            client_id=DEV_CLIENT_ID,
            client_secret=DEV_CLIENT_SECRET,
            authority=f"{base}/organizations",
            bc_api_base_url=base,
        )

    def on_public_url(self, public_url: str) -> OAuthConfig:
        """The callback and the connect link on the gateway's public URL, unless set.

        The Host header is the client's to write: a redirect_uri or a link built from it
        would send a user's sign-in, or their browser, wherever the request said.
        """
        if not public_url:
            return self
        base = public_url.rstrip("/")
        connect_url, consent_url = self.connect_url, self.consent_url
        if not connect_url.startswith(("http://", "https://")):
            connect_url = base + connect_url
        if not consent_url.startswith(("http://", "https://")):
            consent_url = base + consent_url
        return dataclasses.replace(
            self,
            redirect_url=self.redirect_url or base + CALLBACK_PATH,
            connect_url=connect_url,
            consent_redirect_url=self.consent_redirect_url or base + CONSENT_CALLBACK_PATH,
            consent_url=consent_url,
        )

    @property
    def authority_host(self) -> str:
        """The authority without its tenant segment: `https://login.microsoftonline.com`."""
        return self.authority.rstrip("/").rsplit("/", 1)[0]

    @property
    def authorize_endpoint(self) -> str:
        return f"{self.authority.rstrip('/')}/oauth2/v2.0/authorize"

    @property
    def token_endpoint(self) -> str:
        return f"{self.authority.rstrip('/')}/oauth2/v2.0/token"

    def admin_consent_endpoint(self, tenant: str = "") -> str:
        """Microsoft's v2.0 admin consent: the configured authority (`organizations`: the
        admin's own tenant), or the tenant named (an id or a verified domain)."""
        authority = f"{self.authority_host}/{tenant}" if tenant else self.authority.rstrip("/")
        return f"{authority}/v2.0/adminconsent"

    def tenant_token_endpoint(self, tenant_id: str) -> str:
        # Client credentials need a tenant-specific endpoint (no user picks the tenant),
        # and refreshing there too keeps each connection's tokens in its own tenant.
        return f"{self.authority_host}/{tenant_id}/oauth2/v2.0/token"
