"""Dev mode: the gateway, the sandbox and its identity provider in one process, with a demo
user already connected, so GraphiQL answers queries about the seeded companies at once.

The demo user connects through the real OAuth flow (authorization code + PKCE against the
sandbox's identity provider, auto-consented for the dev user), only without a browser.
Everything here uses published development keys; none of it is for production.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import httpx
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from gateway.app import Runtime, create_app
from gateway.auth import UserTokenConfig, mint_user_token
from gateway.connections import ConnectionStoreConfig, generate_key
from gateway.limits import LimitsConfig, ServerLimits
from gateway.oauth import OAuthConfig
from gateway.settings import Settings
from gateway.webhooks import WebhookConfig
from sandbox.app import create_sandbox
from sandbox.settings import SandboxSettings, WebhookSettings

DEMO_USER = "demo"
DEMO_LOGIN = "alice@contoso.example"
# A published development key: dev mode's user tokens are signed with it.
DEV_USER_TOKEN_SECRET = "bcgraph-development-user-token-secret-not-for-production"  # noqa: S105


@dataclass(frozen=True)
class DevServer:
    app: Starlette
    public_url: str
    demo_token: str
    # What the HTTP server enforces on its clients (as under `bcgraph serve`, at defaults).
    server_limits: ServerLimits


def dev_server(
    host: str,
    port: int,
    *,
    public_url: str = "",
    db: str = ":memory:",
    webhook_delay: float = 2.0,
    webhooks: WebhookConfig | None = None,
    sandbox_webhooks: WebhookSettings | None = None,
    server_limits: ServerLimits | None = None,
) -> DevServer:
    """`webhooks` and `sandbox_webhooks` (which overrides `webhook_delay`) let tests and
    benchmarks shorten the gateway's polling and the sandbox's expiry and delay;
    `server_limits` the time slow clients are given."""
    public = (public_url or f"http://{host}:{port}").rstrip("/")

    async def gateway(scope: Scope, receive: Receive, send: Send) -> None:
        await app(scope, receive, send)

    sandbox = create_sandbox(
        SandboxSettings(
            db_path=db,
            public_url=public,
            admin_enabled=True,
            webhooks=sandbox_webhooks or WebhookSettings(delay_seconds=webhook_delay),
        ),
        # The sandbox delivers webhooks into the gateway in-process: the notificationUrl
        # (PUBLIC_URL + /webhooks/bc) only names the path, so any public URL works.
        webhook_transport=httpx.ASGITransport(app=gateway),
    )
    # The gateway reaches BC and the identity provider in-process: no socket hop.
    in_process = httpx.ASGITransport(app=sandbox)
    oauth = OAuthConfig(redirect_url=f"{public}/oauth/callback").resolve(public)
    user_tokens = UserTokenConfig(hs256_secret=DEV_USER_TOKEN_SECRET)
    settings = Settings(
        public_url=public,
        oauth=oauth,
        user_tokens=user_tokens,
        # Connections live as long as the process; the demo user reconnects at each start.
        store=ConnectionStoreConfig(url="memory://", encryption_keys=(generate_key(),)),
        anonymous_user=DEMO_USER,
        # Every request in dev mode is the one demo user, the read-path benchmark's load
        # included: a per-user rate limit would only measure itself. The other limits stay.
        limits=LimitsConfig(rate_per_second=0),
        log_format="text",
        webhooks=webhooks or WebhookConfig(),
        server=server_limits or ServerLimits(),
    )
    app = create_app(
        settings,
        bc_transport=in_process,
        idp_transport=in_process,
        fallback=sandbox,
        on_start=connect_demo_user,
    )
    token = mint_user_token(user_tokens, DEMO_USER, ttl=30 * 24 * 3600)
    return DevServer(app, public, token, settings.server)


async def connect_demo_user(runtime: Runtime) -> None:
    """The connect flow as a browser would run it, answered by the sandbox's auto-consent."""
    started = await runtime.flow.start(
        DEMO_USER, redirect_uri=runtime.oauth.redirect_url, login_hint=DEMO_LOGIN
    )
    answer = await runtime.idp_http.get(started.authorize_url)
    if answer.status_code != 302:
        raise RuntimeError(f"the sandbox did not approve the demo user: {answer.status_code}")
    query = dict(parse_qsl(urlsplit(answer.headers["location"]).query))
    await runtime.flow.finish(query, {started.cookie_name: started.cookie_value})
