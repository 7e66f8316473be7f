"""Dev mode: the gateway, the sandbox and its identity provider in one process, with a demo
user already connected, so GraphiQL answers queries about the seeded companies at once.

The demo user connects through the real OAuth flow (authorization code + PKCE against the
sandbox's identity provider, auto-consented for the dev user), only without a browser.
Everything here uses published development keys; none of it is for production.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlsplit

import httpx
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from gateway.app import Runtime, create_app
from gateway.auth import UserTokenConfig, mint_user_token
from gateway.connections import ConnectionStoreConfig, generate_key
from gateway.limits import LimitsConfig
from gateway.oauth import OAuthConfig
from gateway.origins import LOOPBACK_ORIGINS, OriginPolicy
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


def dev_server(
    host: str,
    port: int,
    *,
    public_url: str = "",
    db: str = ":memory:",
    webhook_delay: float = 2.0,
    webhooks: WebhookConfig | None = None,
    sandbox_webhooks: WebhookSettings | None = None,
    cors: OriginPolicy | None = None,
) -> DevServer:
    """`webhooks` and `sandbox_webhooks` (which overrides `webhook_delay`) let tests and
    benchmarks shorten the gateway's polling and the sandbox's expiry and delay. `cors`
    (BCGRAPH_CORS_ORIGINS, --cors-origin) without origins allows pages on any loopback
    origin: dev mode listens on this machine only, and a frontend's dev server (Vite on
    :5173, say) is another origin that must reach it."""
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
        cors=dev_origins(cors or OriginPolicy()),
    )
    app = create_app(
        settings,
        bc_transport=in_process,
        idp_transport=in_process,
        fallback=sandbox,
        on_start=connect_demo_user,
    )
    token = mint_user_token(user_tokens, DEMO_USER, ttl=30 * 24 * 3600)
    return DevServer(app, public, token)


def dev_origins(policy: OriginPolicy) -> OriginPolicy:
    """The policy as configured, or, when it names no origin, any loopback origin."""
    return policy if policy.origins else replace(policy, origins=LOOPBACK_ORIGINS)


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
