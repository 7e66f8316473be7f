"""With BCGRAPH_PUBLIC_URL set, every URL the gateway hands out is on it: the OAuth
redirect_uri and the connect links never come from a request's Host header, which any
client (or a proxy that passes it on) can forge."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.auth import UserTokenConfig, mint_user_token
from gateway.connections import generate_key
from gateway.settings import Settings
from sandbox.app import create_sandbox
from tests.conftest import BASE_URL as SANDBOX_URL
from tests.conftest import sandbox_settings

PUBLIC = "https://graph.example.com"
SECRET = "a-test-secret-that-is-long-enough-for-hs256"
FORGED = {"Host": "attacker.example"}


@contextlib.asynccontextmanager
async def served(public_url: str = PUBLIC) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway as `bcgraph serve` builds it from the environment, over a sandbox."""
    env = {
        "BCGRAPH_BC_API_URL": SANDBOX_URL,  # blank OAuth credentials: the sandbox's dev app
        "BCGRAPH_USER_TOKEN_SECRET": SECRET,
        "BCGRAPH_ENCRYPTION_KEYS": generate_key(),
        "BCGRAPH_STORE_URL": "memory://",
    }
    if public_url:
        env["BCGRAPH_PUBLIC_URL"] = public_url
    settings = Settings.from_env(env)
    sandbox: Starlette = create_sandbox(sandbox_settings())
    in_process = httpx.ASGITransport(app=sandbox)
    app = create_app(settings, bc_transport=in_process, idp_transport=in_process)
    token = mint_user_token(UserTokenConfig(hs256_secret=SECRET), "user-a")
    async with (
        sandbox.router.lifespan_context(sandbox),
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://gateway.internal:8000",
            headers={"Authorization": f"Bearer {token}"},
        ) as http,
    ):
        yield http


async def test_a_forged_host_gets_the_redirect_uri_and_connect_links_on_public_url() -> None:
    async with served() as http:
        start = await http.get("/connect/start", headers=FORGED)
        assert start.status_code == 302, start.text
        authorize = parse_qs(urlsplit(start.headers["location"]).query)
        assert authorize["redirect_uri"] == [f"{PUBLIC}/oauth/callback"]
        # The browser-binding cookie is scoped to that callback, and secure on https.
        cookie = start.headers["set-cookie"].lower()
        assert "path=/oauth/callback" in cookie and "secure" in cookie

        link = await http.post("/connect/start", headers=FORGED)
        assert link.status_code == 200, link.text
        assert link.json()["url"].startswith(f"{PUBLIC}/connect/start?ticket=")

        unconnected = await http.post(
            "/graphql", json={"query": "{ vendors { nodes { id } } }"}, headers=FORGED
        )
        extensions = unconnected.json()["errors"][0]["extensions"]
        assert extensions["code"] == "NOT_CONNECTED"
        assert extensions["connectUrl"] == f"{PUBLIC}/connect/start"


async def test_without_public_url_the_links_follow_the_request() -> None:
    # Only reachable in code (serve always has a public URL: PUBLIC_URL or http://HOST:PORT),
    # and documented: a gateway reached directly may take its address from the request.
    async with served(public_url="") as http:
        link = await http.post("/connect/start")
        assert link.json()["url"].startswith("http://gateway.internal:8000/connect/start?ticket=")
