"""`bcgraph dev`: gateway and sandbox in one app, each path answered by the right one."""

from __future__ import annotations

import httpx

from gateway.dev import dev_server
from sandbox.directory import CONTOSO_TENANT, DEV_CLIENT_ID, DEV_CLIENT_SECRET


async def test_gateway_and_mounted_sandbox_each_take_their_own_tokens() -> None:
    server = dev_server("127.0.0.1", 8000)
    app = server.app
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=server.public_url
        ) as http,
    ):
        # GraphQL as the anonymous demo user (dev only) and with the printed user token.
        query = {"query": "{ vendors(first: 2) { nodes { number } } }"}
        anonymous = await http.post("/graphql", json=query)
        assert anonymous.json()["data"]["vendors"]["nodes"][0]["number"] == "10000"
        signed = await http.post(
            "/graphql", json=query, headers={"Authorization": f"Bearer {server.demo_token}"}
        )
        assert signed.json() == anonymous.json()
        # The mounted sandbox's BC API takes BC tokens: the gateway's user-token check
        # must not stand in front of it.
        token = await http.post(
            f"/{CONTOSO_TENANT}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": DEV_CLIENT_ID,
                "client_secret": DEV_CLIENT_SECRET,
                "scope": "https://api.businesscentral.dynamics.com/.default",
            },
        )
        bc = await http.get(
            f"/v2.0/{CONTOSO_TENANT}/production/api/v2.0/companies",
            headers={"Authorization": f"Bearer {token.json()['access_token']}"},
        )
        assert bc.status_code == 200 and len(bc.json()["value"]) == 2


async def test_webhook_receiver_never_answers_413() -> None:
    server = dev_server("127.0.0.1", 8000)
    app = server.app
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=server.public_url
        ) as http,
    ):
        big = b'{"value": [' + b",".join([b'{"x": 1}'] * 300_000) + b"]}"
        assert len(big) > 2_000_000
        response = await http.post(
            "/webhooks/bc", content=big, headers={"Content-Type": "application/json"}
        )
        # BC deletes a subscription on any 4xx but 408/429: a large batch must not be one.
        assert response.status_code not in range(400, 500) or response.status_code in (408, 429)
        too_big = await http.post(
            "/graphql",
            content=b"{" + b" " * 2_000_000 + b"}",
            headers={"Content-Type": "application/json"},
        )
        assert too_big.status_code == 413
