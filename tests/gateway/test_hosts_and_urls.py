"""The Host header under `bcgraph serve`: any client (or a proxy that passes it on) writes
it as it likes. Every URL the gateway hands out (the OAuth redirect_uri, the connect
links) is on BCGRAPH_PUBLIC_URL instead, and with BCGRAPH_ALLOWED_HOSTS the gateway
answers only to its own names. (Dev mode's checks: test_dev_mode.py.)"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.auth import UserTokenConfig, mint_user_token
from gateway.connections import generate_key
from gateway.hosts import host_name
from gateway.settings import Settings, SettingsError
from sandbox.app import create_sandbox
from tests.conftest import BASE_URL as SANDBOX_URL
from tests.conftest import sandbox_settings

PUBLIC = "https://graph.example.com"
SECRET = "a-test-secret-that-is-long-enough-for-hs256"
FORGED = {"Host": "attacker.example"}


@contextlib.asynccontextmanager
async def served(public_url: str = PUBLIC, **more: str) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway as `bcgraph serve` builds it from the environment, over a sandbox;
    `more`: further settings, by name without the prefix."""
    env = {
        **{f"BCGRAPH_{name}": value for name, value in more.items()},
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


async def test_any_host_is_answered_unless_allowed_hosts_is_set() -> None:
    async with served() as http:
        assert (await http.get("/healthz", headers=FORGED)).status_code == 200
    async with served(ALLOWED_HOSTS="api.example.com, Other.Example:443") as http:
        for host, status in (
            ("graph.example.com", 200),  # PUBLIC_URL's
            ("api.example.com:8443", 200),
            ("other.example", 200),
            ("127.0.0.1:8000", 200),  # the container's own health check
            ("attacker.example", 421),
            ("graph.example.com.attacker.example", 421),
        ):
            answer = await http.get("/healthz", headers={"Host": host})
            assert answer.status_code == status, host
        refused = await http.post(
            "/graphql", json={"query": "{ me { connected } }"}, headers=FORGED
        )
        assert refused.status_code == 421
        message = refused.json()["errors"][0]["message"]
        assert "'attacker.example'" in message and "BCGRAPH_ALLOWED_HOSTS" in message
        # Served, callers carry tokens: a page of another site is CORS's business, not this.
        other_site = await http.post(
            "/graphql",
            json={"query": "{ me { connected } }"},
            headers={"Host": "graph.example.com", "Origin": "https://attacker.example"},
        )
        assert other_site.status_code == 200


def test_a_bad_allowed_host_stops_the_start() -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"BCGRAPH_ALLOWED_HOSTS": "b.example,https://a.example"})
    assert str(refused.value) == "BCGRAPH_ALLOWED_HOSTS: 'https://a.example' is not a host name"


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Example.COM", "example.com"),
        ("example.com:8000", "example.com"),
        ("localhost.", "localhost"),
        ("[::1]:8000", "::1"),
        ("[0:0:0:0:0:0:0:1]", "::1"),
        ("127.0.0.1:80", "127.0.0.1"),
        ("", None),
        ("user@example.com", None),
        ("example.com:http", None),
        ("[::1", None),
        ("a b", None),
        ("example.com/path", None),
    ],
)
def test_host_header_names(header: str, name: str | None) -> None:
    assert host_name(header) == name
