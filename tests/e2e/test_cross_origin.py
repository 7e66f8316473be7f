"""A frontend on its own origin, as apps are deployed: headless Chromium opens a page served
from a second 127.0.0.1 port, and the page runs a query, a mutation and a subscription
against `bcgraph dev` on another port, whose BCGRAPH_CORS_ORIGINS lists the page's origin.
The same page on a third port, an origin not listed, is refused over HTTP and WebSocket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from gateway.auth import UserTokenConfig, mint_user_token
from gateway.dev import DEMO_USER, DEV_USER_TOKEN_SECRET
from tests.e2e.conftest import (
    E2E,
    DevGateway,
    require_chromium,
    require_node,
    run_node,
    running_dev,
)
from tests.servers import free_port, serve

PAGE = E2E / "cross_origin.html"


def page_server() -> Starlette:
    """The frontend's own server: the page, and the graphql-ws client's browser build."""
    client = E2E / "node_modules" / "graphql-ws" / "umd" / "graphql-ws.min.js"

    async def page(request: Request) -> Response:
        return FileResponse(PAGE, media_type="text/html")

    async def graphql_ws(request: Request) -> Response:
        return FileResponse(client, media_type="application/javascript")

    return Starlette(routes=[Route("/", page), Route("/graphql-ws.js", graphql_ws)])


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DevGateway, str, str]]:
    """The gateway allowing the page's origin only, the page there, and the same page on an
    origin the gateway does not list."""
    require_node()
    require_chromium()
    allowed_port, other_port = free_port(), free_port()
    allowed = f"http://127.0.0.1:{allowed_port}"
    env = {"BCGRAPH_CORS_ORIGINS": allowed}
    with (
        running_dev(tmp_path_factory.mktemp("bcgraph-dev-cors"), env) as gateway,
        serve(page_server(), allowed_port) as page_url,
        serve(page_server(), other_port) as other_url,
    ):
        yield gateway, page_url, other_url


def open_page(page_url: str, gateway: DevGateway) -> dict[str, Any]:
    expired = mint_user_token(
        UserTokenConfig(hs256_secret=DEV_USER_TOKEN_SECRET), DEMO_USER, ttl=-3600
    )
    url = f"{page_url}/?gateway={gateway.url}&token={gateway.token}&expired={expired}"
    result: dict[str, Any] = run_node("cross_origin.mjs", url)
    assert result["failures"] == [], result
    report: dict[str, Any] = result["report"]
    return report


def test_a_page_on_an_allowed_origin_queries_mutates_and_subscribes(
    setup: tuple[DevGateway, str, str],
) -> None:
    gateway, page_url, _ = setup
    report = open_page(page_url, gateway)
    assert report["origin"] == page_url and "error" not in report, report
    query = report["query"]
    assert query["status"] == 200 and query["body"]["data"]["vendors"]["nodes"], query
    # X-Request-ID is exposed to the page, not only sent.
    assert query["requestId"]
    created = report["mutation"]["body"]["data"]["createVendor"]
    assert created["displayName"].startswith("cross-origin vendor")
    assert "subscriptionError" not in report, report
    event = report["event"]["data"]["recordCreated"]
    assert event["changeType"] == "CREATED" and event["record"]["displayName"]
    # The socket the page closed itself: a normal closure, no refusal on the way.
    assert all(close["code"] == 1000 for close in report["closes"]), report["closes"]
    # An expired token: the page learns why, and can fetch a new token and reconnect.
    assert report["expiredCloses"] == [{"code": 4403, "reason": "token_expired"}], report
    assert "4403 token_expired" in report["expiredSocket"]


def test_a_page_on_an_origin_not_allowed_is_refused_over_http_and_websocket(
    setup: tuple[DevGateway, str, str],
) -> None:
    gateway, _, other_url = setup
    report = open_page(other_url, gateway)
    assert report["origin"] == other_url
    # The preflight fails, so the browser never sends the request ("Failed to fetch").
    assert "Failed to fetch" in report["query"]["failed"], report
    assert "Failed to fetch" in report["mutation"]["failed"], report
    assert "event" not in report
    # The handshake is refused with 403: the browser reports a failed socket, closed
    # abnormally.
    assert [close["code"] for close in report["closes"]] == [1006], report
    assert report["subscriptionError"] == "Error: socket error", report
    # Refused by the gateway for its origin (not lost on the way): the log says which.
    log = Path(gateway.log).read_text().splitlines()
    assert any("origin" in line and repr(other_url) in line for line in log), log[-20:]
