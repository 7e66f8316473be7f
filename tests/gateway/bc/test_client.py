"""BCClient end to end: exact decimals both ways, the token asked for again after a 401, a
cut connection over a real socket, and the public API pinned."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from gateway.bc import batch, client, codec, config, errors, governor, odata, retry, urls
from gateway.bc.client import BCClient
from gateway.bc.config import BCClientConfig
from gateway.bc.errors import BCAuthRejected
from gateway.bc.types import BCRequest, BCTarget
from gateway.bc.wire import create_http_client
from gateway.errors import UpstreamUnavailable
from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT
from tests.conftest import ALICE, sandbox_settings
from tests.gateway.bc.conftest import CRONUS_US, ROOT, FakeTime, World
from tests.servers import free_port, serve
from tests.wires import NETWORK_WIRES, Recording, network_wire


async def test_money_arrives_as_exact_decimal(world: World) -> None:
    response = await world.get(
        world.company().child("purchaseInvoices"), **{"$filter": "number eq '108001'"}
    )
    [invoice] = response.body["value"]
    total = invoice["totalAmountIncludingTax"]
    assert type(total) is Decimal and total == Decimal("3310.17") and str(total) == "3310.17"
    assert invoice["totalTaxAmount"] == Decimal("187.37")
    assert response.headers["Content-Type"].startswith("application/json")


async def test_money_is_sent_as_an_exact_number(world: World) -> None:
    invoices = await world.get(
        world.company().child("purchaseInvoices"),
        **{"$filter": "status eq 'Draft'", "$top": "1", "$expand": "purchaseInvoiceLines"},
    )
    line = invoices.body["value"][0]["purchaseInvoiceLines"][0]
    path = (
        world.company()
        .child("purchaseInvoices", line["documentId"])
        .child("purchaseInvoiceLines", line["id"])
    )
    updated = await world.client.send(
        world.target,
        BCRequest(
            "PATCH",
            str(path),
            body={"unitCost": Decimal("1234567.89"), "quantity": Decimal("3")},
            headers={"If-Match": line["@odata.etag"]},
        ),
    )
    assert updated.body["unitCost"] == Decimal("1234567.89")
    assert updated.body["amountExcludingTax"] == Decimal("3703703.67")


def test_codec_round_trips_decimals() -> None:
    body = {"a": Decimal("0.1"), "b": [Decimal("-3310.17"), 1, "x\"'"], "c": None, "d": True}
    assert codec.encode_json(body) == b'{"a":0.1,"b":[-3310.17,1,"x\\"\'"],"c":null,"d":true}'
    assert codec.decode_json(codec.encode_json(body)) == body
    assert codec.encode_json({"plain": 1}) == b'{"plain":1}'  # the orjson path
    assert codec.encode_json([Decimal("1E+99999")]) == b"[1E+99999]"  # no 100k zeros
    with pytest.raises(TypeError):
        codec.encode_json({"x": Decimal("NaN")})
    with pytest.raises(TypeError):
        codec.encode_json({1: Decimal("1")})
    precise = codec.decode_json(b'{"v": 12345678901234567.89}')["v"]
    assert precise == Decimal("12345678901234567.89")  # a float would lose the cents
    assert codec.decode_body(b"56", "text/plain; charset=utf-8") == "56"
    assert codec.decode_body(b"", "application/json") is None


def tokens(*values: str) -> tuple[Callable[[], Awaitable[str]], list[str]]:
    handed: list[str] = []

    async def access_token() -> str:
        value = values[min(len(handed), len(values) - 1)]
        handed.append(value)
        return value

    return access_token, handed


async def test_a_401_asks_for_the_token_again_once(world: World) -> None:
    source, handed = tokens("expired-token", world.token)
    await world.admin.reset_stats()
    response = await world.client.send(
        BCTarget("alice", ROOT, source), BCRequest("GET", "companies")
    )
    assert response.status == 200
    assert handed == ["expired-token", world.token]
    assert (await world.admin.stats())["httpRequests"] == 2


async def test_a_401_with_the_same_token_again_is_not_retried(world: World) -> None:
    source, handed = tokens("revoked-token")
    await world.admin.reset_stats()
    with pytest.raises(BCAuthRejected):
        await world.client.send(BCTarget("alice", ROOT, source), BCRequest("GET", "companies"))
    assert handed == ["revoked-token", "revoked-token"]
    assert (await world.admin.stats())["httpRequests"] == 1


async def test_a_second_401_is_final(world: World) -> None:
    source, handed = tokens("bad-1", "bad-2", "bad-3")
    with pytest.raises(BCAuthRejected):
        await world.client.send(BCTarget("alice", ROOT, source), BCRequest("GET", "companies"))
    assert handed == ["bad-1", "bad-2"]


async def test_paths_that_would_leave_the_root_are_refused(world: World) -> None:
    for bad in ["companies?$top=1", "/v2.0/other", "../x", "https://evil.example/x", "a#b"]:
        with pytest.raises(ValueError):
            await world.client.send(world.target, BCRequest("GET", bad))


def test_http_client_settings() -> None:
    cfg = BCClientConfig(connect_timeout=2, read_timeout=9)
    http = create_http_client(cfg)
    assert http.timeout.connect == 2 and http.timeout.read == 9
    assert http.headers["Accept"] == "application/json"
    assert not http.follow_redirects
    http.cookies.extract_cookies(
        httpx.Response(
            200,
            headers={"set-cookie": "ARRAffinity=abc; Path=/"},
            request=httpx.Request("GET", "https://api.businesscentral.dynamics.com/x"),
        )
    )
    assert len(http.cookies.jar) == 0  # no cookie from one user rides on another's call
    with pytest.raises(ValueError):
        BCClientConfig(max_batch_operations=101)
    with pytest.raises(ValueError):
        BCClientConfig(max_attempts=0)


@NETWORK_WIRES
async def test_a_cut_connection_retries_a_get_but_never_resends_a_post(wire_kind: str) -> None:
    app = create_sandbox(sandbox_settings())
    token = app.state.sandbox.identity.issue_access_token(user=ALICE)
    with serve(app) as base:
        wire = Recording(network_wire(wire_kind, BCClientConfig()))
        sent = wire.sent
        admin = httpx.AsyncClient(base_url=base)
        fake = FakeTime()
        bc = BCClient(wire, clock=fake.clock, sleep=fake.sleep, jitter=lambda: 0.5)

        async def token_source() -> str:
            return token

        target = BCTarget("alice", urls.api_root(base, CONTOSO_TENANT, "production"), token_source)
        vendors = str(urls.company(CRONUS_US).child("vendors"))
        try:
            await admin.put("/_sandbox/faults", json={"reset_rate": 1.0})

            async def lift(_: float) -> None:
                await admin.delete("/_sandbox/faults")

            fake.on_sleep = lift
            response = await bc.send(target, BCRequest("GET", vendors, params={"$top": "1"}))
            assert response.status == 200
            assert sent == ["GET", "GET"] and fake.sleeps == [0.25]

            sent.clear()
            fake.sleeps.clear()
            await admin.put("/_sandbox/faults", json={"reset_rate": 1.0})
            with pytest.raises(UpstreamUnavailable) as caught:
                await bc.send(target, BCRequest("POST", vendors, body={"displayName": "Cut"}))
            assert sent == ["POST"] and fake.sleeps == []
            assert caught.value.extensions == {"outcomeUnknown": True}
            assert "unknown" in caught.value.message
        finally:
            await bc.aclose()
            await wire.aclose()
            await admin.aclose()


@NETWORK_WIRES
async def test_a_write_after_bc_closed_an_idle_connection_goes_through(wire_kind: str) -> None:
    """BC (and any proxy before it) closes idle keep-alive connections on its own schedule.
    A pooled connection the server has closed must not be used for a POST: the POST would
    fail as "outcome unknown" and never be retried."""
    app = create_sandbox(sandbox_settings())
    token = app.state.sandbox.identity.issue_access_token(user=ALICE)
    with serve(app, keep_alive=0.2) as base:
        wire = Recording(network_wire(wire_kind, BCClientConfig()))
        bc = BCClient(wire)

        async def token_source() -> str:
            return token

        target = BCTarget("alice", urls.api_root(base, CONTOSO_TENANT, "production"), token_source)
        vendors = str(urls.company(CRONUS_US).child("vendors"))
        try:
            for i in range(3):
                await bc.send(target, BCRequest("GET", vendors, params={"$top": "1"}))
                await asyncio.sleep(0.5)  # the server has closed the connection by now
                created = await bc.send(
                    target, BCRequest("POST", vendors, body={"displayName": f"After idle {i}"})
                )
                assert created.status == 201
            assert wire.sent == ["GET", "POST"] * 3
        finally:
            await bc.aclose()
            await wire.aclose()


@NETWORK_WIRES
async def test_nothing_listening_is_unreachable_and_a_post_is_safe_to_retry(
    wire_kind: str,
) -> None:
    """A refused connection reached nothing: every method may be tried again, and the error
    says BC could not be reached, not that a write's outcome is unknown."""
    config = BCClientConfig(max_attempts=3)
    wire = Recording(network_wire(wire_kind, config))
    fake = FakeTime()
    bc = BCClient(wire, config, clock=fake.clock, sleep=fake.sleep, jitter=lambda: 0.5)

    async def token_source() -> str:
        return "token"

    root = urls.api_root(f"http://127.0.0.1:{free_port()}", CONTOSO_TENANT, "production")
    try:
        with pytest.raises(UpstreamUnavailable) as caught:
            await bc.send(
                BCTarget("alice", root, token_source),
                BCRequest("POST", "companies", body={"name": "x"}),
            )
    finally:
        await bc.aclose()
        await wire.aclose()
    assert wire.sent == ["POST"] * 3 and len(fake.sleeps) == 2
    assert "could not be reached" in caught.value.message
    assert caught.value.extensions == {}


async def test_both_wires_send_a_hostile_query_string_byte_for_byte() -> None:
    """What BC receives is the query string the client rendered, whichever wire sends it:
    aiohttp gets the URL pre-encoded and must not re-quote it (tests/resilience/
    test_injection.py proves the meaning of such filters end to end, in-process)."""
    received: list[bytes] = []

    async def echo(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        received.append(scope["query_string"])
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": b"{}"})

    hostile = "displayName eq 'O''Brien %27 a+b & $top=1 #x ?y /z \\ Ünï 😀 ) or ('1' eq '1'"
    params = {"$filter": hostile, "$select": "id,displayName", "$top": "51"}

    async def token_source() -> str:
        return "token"

    with serve(echo) as base:
        for kind in ("aiohttp", "httpx"):
            wire = network_wire(kind, BCClientConfig())
            bc = BCClient(wire)
            try:
                await bc.send(
                    BCTarget("alice", base, token_source),
                    BCRequest("GET", "companies", params=params),
                )
            finally:
                await bc.aclose()
                await wire.aclose()
    assert received[0] == received[1] == urlencode(params).encode()


@NETWORK_WIRES
async def test_both_wires_go_through_the_proxy_the_environment_names(
    wire_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTTP_PROXY sends BC calls through the proxy (which sees BC's host); NO_PROXY exempts a
    host. A local server stands in for the proxy: it answers whatever it is asked."""
    hosts: list[str] = []

    async def proxy(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        hosts.append(dict(scope["headers"]).get(b"host", b"").decode())
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": b"{}"})

    async def token_source() -> str:
        return "token"

    async def send_once(config: BCClientConfig) -> None:
        wire = network_wire(wire_kind, config)
        bc = BCClient(wire, config)
        try:
            await bc.send(
                BCTarget("alice", "http://bc.invalid/api/v2.0", token_source),
                BCRequest("GET", "companies"),
            )
        finally:
            await bc.aclose()
            await wire.aclose()

    with serve(proxy) as base:
        monkeypatch.setenv("HTTP_PROXY", base)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        await send_once(BCClientConfig())
        assert hosts == ["bc.invalid"]
        # Exempt: the wire goes to bc.invalid itself, which does not resolve.
        monkeypatch.setenv("NO_PROXY", "bc.invalid")
        with pytest.raises(UpstreamUnavailable):
            await send_once(BCClientConfig(max_attempts=1))
        assert hosts == ["bc.invalid"]


def test_public_api() -> None:
    assert client.__all__ == ["BCClient", "create_wire"]
    assert batch.__all__ == ["BatchSession"]
    assert errors.__all__ == [
        "BCAuthRejected",
        "RequestTooLong",
        "bc_error",
        "error_from_response",
        "error_from_transport",
    ]
    assert governor.__all__ == ["Governor"]
    assert retry.__all__ == ["Attempts", "RetryPolicy", "parse_retry_after", "sent_nothing"]
    assert codec.__all__ == ["decode_body", "decode_json", "encode_json"]
    assert urls.__all__ == [
        "OTHER_API",
        "ResourcePath",
        "api_base",
        "api_root",
        "companies",
        "company",
        "guid",
        "on_base",
        "root_set",
        "route_path",
        "split_next_link",
    ]
    assert odata.__all__ == [
        "EnumValue",
        "Expand",
        "Expr",
        "OrderBy",
        "Prop",
        "Query",
        "and_",
        "asc",
        "chunked_ids_filter",
        "desc",
        "encoded_length",
        "literal",
        "not_",
        "or_",
        "prop",
    ]
    assert config.BCClientConfig().max_concurrent_per_key == 5
    for module in (batch, client, codec, errors, governor, odata, retry, urls):
        for name in module.__all__:
            assert hasattr(module, name), (module.__name__, name)
