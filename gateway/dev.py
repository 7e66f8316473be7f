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

from gateway.app import Runtime, create_app
from gateway.auth import UserTokenConfig, mint_user_token
from gateway.connections import ConnectionStoreConfig, generate_key
from gateway.oauth import OAuthConfig
from gateway.settings import Settings
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
    host: str, port: int, *, public_url: str = "", db: str = ":memory:", webhook_delay: float = 2.0
) -> DevServer:
    public = (public_url or f"http://{host}:{port}").rstrip("/")
    sandbox = create_sandbox(
        SandboxSettings(
            db_path=db,
            public_url=public,
            admin_enabled=True,
            webhooks=WebhookSettings(delay_seconds=webhook_delay),
        )
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
