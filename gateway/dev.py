"""Dev mode: the gateway, the sandbox and its identity provider in one process, with a demo
user already connected, so GraphiQL answers queries about the seeded companies at once.

The demo user connects through the real OAuth flow (authorization code + PKCE against the
sandbox's identity provider, auto-consented for the dev user), only without a browser.
Everything here uses published development keys; none of it is for production.

So it stays on this machine: it binds loopback unless told `--unsafe-expose` (and then
says what that exposes), answers only to its own host names (gateway/hosts.py: no DNS
rebinding), refuses pages of other sites, and keeps the sandbox's admin API off unless
asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlsplit

import httpx
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from gateway.app import Runtime, create_app
from gateway.auth import UserTokenConfig, mint_user_token
from gateway.auth.config import DEV_USER_TOKEN_SECRET
from gateway.connections import ConnectionStoreConfig, generate_key
from gateway.hosts import WILDCARD_ADDRESSES, AllowedHosts, is_loopback
from gateway.limits import LimitsConfig, ServerLimits
from gateway.oauth import OAuthConfig
from gateway.origins import LOOPBACK_ORIGINS, OriginPolicy
from gateway.settings import Settings, SettingsError
from gateway.webhooks import WebhookConfig
from sandbox.app import create_sandbox
from sandbox.custom import sample_api
from sandbox.settings import SandboxSettings, WebhookSettings

DEMO_USER = "demo"
DEMO_LOGIN = "alice@contoso.example"
# The demo token printed at start is pasted into clients and kept for weeks. Its signing
# key is published, so anyone can mint any token here: a lifetime cap would protect
# nothing, and dev mode accepts exactly the lifetime it mints, said here, not by default.
DEMO_TOKEN_LIFETIME = 30 * 24 * 3600

__all__ = [
    "DEMO_LOGIN",
    "DEMO_TOKEN_LIFETIME",
    "DEMO_USER",
    "DEV_USER_TOKEN_SECRET",
    "DevServer",
    "check_bind",
    "dev_server",
    "exposure_warning",
]


@dataclass(frozen=True)
class DevServer:
    app: Starlette
    public_url: str
    demo_token: str
    allowed: AllowedHosts
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
    allow_hosts: Sequence[str] = (),
    sandbox_admin: bool = False,
    server_limits: ServerLimits | None = None,
    cors: OriginPolicy | None = None,
) -> DevServer:
    """`webhooks` and `sandbox_webhooks` (which overrides `webhook_delay`) let tests and
    benchmarks shorten the gateway's polling and the sandbox's expiry and delay.
    `allow_hosts`: Host names answered besides loopback and the public URL's.
    `sandbox_admin`: the sandbox's /_sandbox/ API (stats, reset, fault injection).
    `server_limits`: the time slow clients are given. `cors` (BCGRAPH_CORS_ORIGINS,
    --cors-origin) without origins allows pages on any loopback origin: dev mode listens on
    this machine only, and a frontend's dev server (Vite on :5173, say) is another origin
    that must reach it."""
    # Bound to every interface, the server is still reached at loopback here, and the
    # sandbox's dev app takes loopback callbacks only.
    default_host = "127.0.0.1" if host in WILDCARD_ADDRESSES else host
    public = (public_url or f"http://{default_host}:{port}").rstrip("/")
    try:
        allowed = AllowedHosts.of(public, allow_hosts)
    except ValueError as error:
        raise SettingsError(f"--allow-host: {error}") from None

    async def gateway(scope: Scope, receive: Receive, send: Send) -> None:
        await app(scope, receive, send)

    sandbox = create_sandbox(
        SandboxSettings(
            db_path=db,
            public_url=public,
            admin_enabled=sandbox_admin,
            webhooks=sandbox_webhooks or WebhookSettings(delay_seconds=webhook_delay),
        ),
        # The sandbox delivers webhooks into the gateway in-process: the notificationUrl
        # (PUBLIC_URL + /webhooks/bc) only names the path, so any public URL works.
        webhook_transport=httpx.ASGITransport(app=gateway),
    )
    # The gateway reaches BC and the identity provider in-process: no socket hop.
    in_process = httpx.ASGITransport(app=sandbox)
    oauth = OAuthConfig().resolve(public)  # its callback: PUBLIC_URL/oauth/callback
    user_tokens = UserTokenConfig(
        hs256_secret=DEV_USER_TOKEN_SECRET, max_lifetime_seconds=DEMO_TOKEN_LIFETIME
    )
    settings = Settings(
        public_url=public,
        oauth=oauth,
        user_tokens=user_tokens,
        # Connections live as long as the process; the demo user reconnects at each start.
        store=ConnectionStoreConfig(url="memory://", encryption_keys=(generate_key(),)),
        anonymous_user=DEMO_USER,
        allowed_hosts=tuple(sorted(allowed.names)),
        # Every request in dev mode is the one demo user, the read-path benchmark's load
        # included: a per-user rate limit would only measure itself. The other limits stay.
        limits=LimitsConfig(rate_per_second=0),
        log_format="text",
        webhooks=webhooks or WebhookConfig(),
        server=server_limits or ServerLimits(),
        cors=dev_origins(cors or OriginPolicy()),
        # The sandbox's sample custom API is served too (docs/custom-apis.md).
        custom_apis=(sample_api(),),
    )
    app = create_app(
        settings,
        bc_transport=in_process,
        idp_transport=in_process,
        fallback=sandbox,
        on_start=connect_demo_user,
    )
    token = mint_user_token(user_tokens, DEMO_USER, ttl=DEMO_TOKEN_LIFETIME)
    return DevServer(app, public, token, allowed, settings.server)


def check_bind(host: str, *, unsafe_expose: bool) -> None:
    """Dev mode binds loopback only, unless told `--unsafe-expose`."""
    if not is_loopback(host) and not unsafe_expose:
        raise SettingsError(
            f"--host {host or repr(host)}: dev mode binds loopback only, because whoever "
            "reaches it acts as the demo user without a token; add --unsafe-expose to "
            "expose it anyway (or run `bcgraph serve`)"
        )


def exposure_warning(host: str, port: int, server: DevServer, *, sandbox_admin: bool) -> str:
    """What an exposed dev mode gives away, for the start banner; empty on loopback."""
    if is_loopback(host):
        return ""
    exposed = [
        "read and change the demo user's Business Central data through /graphql and /proxy/",
        "get app tokens for the whole sandbox tenant with the published dev client secret",
        "call the sandbox's BC API, and sign in as its dev users (consent is automatic)",
        "sign user tokens for any user with the published dev user-token secret",
    ]
    if sandbox_admin:
        exposed.append("reset the sandbox and inject faults through /_sandbox/ (--sandbox-admin)")
    items = ";\n".join(f"  - {line}" for line in exposed)
    return f"""
!!! WARNING: bcgraph dev listens on {host or "every interface"}:{port} (--unsafe-expose) !!!
Anyone who reaches this port with a Host of {server.allowed.describe()}
can, without a token:
{items}.
Everything here uses published development keys. Expose dev mode only to a network you
trust entirely, e.g. a container published on loopback: docker run -p 127.0.0.1:8000:8000.
"""


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
