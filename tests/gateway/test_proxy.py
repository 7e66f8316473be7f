"""The REST passthrough through the whole gateway: BC's answers come back unchanged, hostile
paths never leave the gateway, and a user's proxy reaches only that user's BC."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import pytest
from starlette.types import Message

from gateway.app import create_app
from gateway.auth import UserTokenConfig, mint_user_token
from gateway.errors import BadUserInput
from gateway.limits import ServerLimits
from gateway.proxy import checked_path
from sandbox.directory import CONTOSO_TENANT
from tests.conftest import ALICE, CAROL
from tests.gateway.stack import USER_TOKEN_SECRET, Stack, running_stack
from tests.resilience.harness import gateway_settings, served_sandbox, socket_stack
from tests.servers import serve

CORRELATED = re.compile(r"  CorrelationId:  [0-9a-f-]{36}\.$")

# The seed's invoice exactly as the reference shows it, read-only fields included.
SEED_INVOICE: dict[str, Any] = {
    "@odata.etag": 'W/"JzE5Ozc2Mzg5MzU4NjE1NTE1MTYyNzAxOzAwOyc="',
    "id": "5d115c9c-44e3-ea11-bb43-000d3a2feca1",
    "number": "108001",
    "postingDate": "2019-01-01",
    "invoiceDate": "2019-01-01",
    "dueDate": "2019-01-31",
    "vendorInvoiceNumber": "107001",
    "vendorNumber": "20000",
    "currencyCode": "USD",
    "pricesIncludeTax": False,
    "discountAmount": 0,
    "discountAppliedBeforeTax": True,
    "totalAmountExcludingTax": 3122.8,
    "totalTaxAmount": 187.37,
    "totalAmountIncludingTax": 3310.17,
    "status": "Paid",
}
WRITABLE_SEED_INVOICE = {
    "postingDate": "2019-01-01",
    "invoiceDate": "2019-01-01",
    "vendorInvoiceNumber": "107001",
    "vendorNumber": "20000",
    "currencyCode": "USD",
    "purchaseInvoiceLines": [{"lineType": "Item", "lineObjectNumber": "1896-S", "quantity": 4}],
}


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async with running_stack() as running:
        await running.connect("user-a", ALICE)
        yield running


@pytest.fixture(params=["in-process", "aiohttp over a socket"])
async def any_stack(request: pytest.FixtureRequest) -> AsyncIterator[Stack]:
    """The in-process stack, and the gateway reaching a served sandbox over TCP with the
    wire `bcgraph serve` uses: query strings, bodies and headers must pass both unchanged."""
    if request.param == "in-process":
        async with running_stack() as running:
            await running.connect("user-a", ALICE)
            yield running
        return
    with served_sandbox() as url:
        async with socket_stack(url, wire="aiohttp") as harness:
            yield harness.stack


async def first_company(stack: Stack, user: str) -> str:
    response = await stack.http.get("/proxy/companies", headers=stack.auth(user))
    assert response.status_code == 200, response.text
    return str(sorted(response.json()["value"], key=lambda c: c["name"])[0]["id"])


async def api_requests(stack: Stack) -> int:
    return int((await stack.idp.get("/_sandbox/stats")).json()["httpRequests"])


async def test_seed_invoice_with_read_only_fields_gets_bcs_own_400(stack: Stack) -> None:
    company = await first_company(stack, "user-a")
    response = await stack.http.post(
        f"/proxy/companies({company})/purchaseInvoices",
        json=SEED_INVOICE,
        headers=stack.auth("user-a"),
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["odata-version"] == "4.0"
    # BC's body as BC wrote it: its code, and its message with the correlation id still on.
    error = response.json()["error"]
    assert set(response.json()) == {"error"}
    assert error["code"] == "BadRequest_InvalidOperation"
    assert error["message"].startswith("Control 'number' is read-only")
    assert CORRELATED.search(error["message"])


async def test_seed_examples_through_the_proxy(any_stack: Stack) -> None:
    stack = any_stack
    company = await first_company(stack, "user-a")
    auth = stack.auth("user-a")
    created = await stack.http.post(
        f"/proxy/companies({company})/purchaseInvoices", json=WRITABLE_SEED_INVOICE, headers=auth
    )
    assert created.status_code == 201, created.text
    invoice = created.json()
    assert invoice["number"] != "108001" and invoice["status"] == "Draft"
    assert (
        invoice["totalAmountExcludingTax"],
        invoice["totalTaxAmount"],
        invoice["totalAmountIncludingTax"],
    ) == (3122.8, 187.37, 3310.17)
    assert created.headers["location"].endswith(f"purchaseInvoices({invoice['id']})")

    sheet = await stack.http.get(
        f"/proxy/companies({company})/balanceSheets",
        params={"$filter": "dateFilter eq 2020-12-30", "$orderby": "lineNumber"},
        headers=auth,
    )
    assert sheet.status_code == 200
    rows = sheet.json()["value"]
    assert [r["lineNumber"] for r in rows] == sorted(r["lineNumber"] for r in rows)
    assert {r["dateFilter"] for r in rows} == {"2020-12-30"}

    found = await stack.http.get(
        f"/proxy/companies({company})/vendors?$filter=number%20eq%20'30000'", headers=auth
    )
    [vendor] = found.json()["value"]
    patch = {"displayName": "Wide World Importers Inc.", "blocked": "Payment"}
    url = f"/proxy/companies({company})/vendors({vendor['id']})"
    updated = await stack.http.patch(
        url, json=patch, headers={**auth, "If-Match": vendor["@odata.etag"]}
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["displayName"] == "Wide World Importers Inc."
    assert updated.json()["blocked"] == "Payment"
    assert updated.headers["etag"] == updated.json()["@odata.etag"]
    # The etag read before is stale now: BC's 409, passed through as BC sent it.
    stale = await stack.http.patch(
        url, json=patch, headers={**auth, "If-Match": vendor["@odata.etag"]}
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "Request_EntityChanged"


async def test_bc_answers_without_a_body_and_the_service_document(any_stack: Stack) -> None:
    stack = any_stack
    company = await first_company(stack, "user-a")
    auth = stack.auth("user-a")
    created = await stack.http.post(
        f"/proxy/companies({company})/vendors", json={"displayName": "Proxy"}, headers=auth
    )
    deleted = await stack.http.delete(
        f"/proxy/companies({company})/vendors({created.json()['id']})",
        headers={**auth, "If-Match": created.json()["@odata.etag"]},
    )
    assert deleted.status_code == 204 and deleted.content == b""
    root = await stack.http.get("/proxy/", headers=auth)
    assert root.status_code == 200 and any(s["name"] == "vendors" for s in root.json()["value"])
    count = await stack.http.get(f"/proxy/companies({company})/vendors/$count", headers=auth)
    assert count.status_code == 200 and int(count.text) > 50


async def test_the_proxy_hands_on_the_callers_headers_and_bcs_refusals(stack: Stack) -> None:
    # A passthrough adds no Content-Type or If-Match of its own: what BC refuses from the
    # caller reaches the caller as BC said it, and what BC needs passes through.
    company = await first_company(stack, "user-a")
    auth = stack.auth("user-a")
    vendors = f"/proxy/companies({company})/vendors"
    untyped = await stack.http.post(vendors, content=b'{"displayName": "Untyped"}', headers=auth)
    assert untyped.status_code == 415, untyped.text
    assert CORRELATED.search(untyped.json()["error"]["message"])
    typed = await stack.http.post(
        vendors,
        content=b'{"displayName": "Typed"}',
        headers={**auth, "Content-Type": "application/json"},
    )
    assert typed.status_code == 201, typed.text
    path = f"{vendors}({typed.json()['id']})"
    unguarded = await stack.http.delete(path, headers=auth)
    assert unguarded.status_code == 400
    assert unguarded.json()["error"]["code"] == "BadRequest_InvalidToken"
    guarded = await stack.http.delete(path, headers={**auth, "If-Match": "*"})
    assert guarded.status_code == 204


async def test_only_a_user_token_opens_the_proxy(stack: Stack) -> None:
    anonymous = await stack.http.get("/proxy/companies")
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    stranger = await stack.http.get("/proxy/companies", headers=stack.auth("nobody"))
    assert stranger.status_code == 409
    extensions = stranger.json()["errors"][0]["extensions"]
    assert extensions["code"] == "NOT_CONNECTED" and extensions["connectUrl"]


async def test_dev_mode_anonymous_user_applies() -> None:
    async with running_stack(anonymous_user="dev-user") as stack:
        await stack.connect("dev-user", ALICE)
        response = await stack.http.get("/proxy/companies")
        assert response.status_code == 200 and response.json()["value"]


# -- hostile paths ----------------------------------------------------------------------


async def asgi(
    stack: Stack, method: str, raw_path: bytes, headers: list[tuple[bytes, bytes]]
) -> tuple[int, bytes]:
    """A request exactly as written: httpx would normalise `..` and encodings away."""
    path, _, query = raw_path.partition(b"?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": unquote(path.decode("latin-1")),
        "raw_path": path,
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"localhost:8000"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("localhost", 8000),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await stack.gateway(scope, receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body


HOSTILE = [
    b"/proxy/https://evil.example/x",
    b"/proxy/http:%2F%2Fevil.example",
    b"/proxy//evil.example/companies",
    b"/proxy/@evil.example/companies",
    b"/proxy/companies@evil.example",
    b"/proxy/companies/../../../" + CONTOSO_TENANT.encode() + b"/production/api/v2.0/companies",
    b"/proxy/../companies",
    b"/proxy/./companies",
    b"/proxy/%2e%2e/%2e%2e/companies",
    b"/proxy/companies/%2E%2E/x",
    b"/proxy/..%2F..%2Fcompanies",
    b"/proxy/%252e%252e/companies",
    b"/proxy/companies%2Fvendors",
    b"/proxy/companies%5C..%5Cx",
    b"/proxy/companies\\..\\x",
    b"/proxy/companies%00",
    b"/proxy/companies%",
    b"/proxy/companies%zz",
    b"/proxy/companies:8080",
    b"/proxy/companies/",
    b"/proxy/companies(1)/..",
    b"/proxy/companies('..')",
    b"/proxy/vendors%20",
    b"/%70roxy/companies",
]


async def test_hostile_paths_are_refused_before_any_call(stack: Stack) -> None:
    auth = [(b"authorization", stack.auth("user-a")["Authorization"].encode())]
    await stack.idp.delete("/_sandbox/stats")
    for raw_path in HOSTILE:
        status, body = await asgi(stack, "GET", raw_path, auth)
        assert (status, b'"BAD_USER_INPUT"' in body) == (400, True), (raw_path, body)
    assert await api_requests(stack) == 0


async def test_an_encoded_line_break_in_the_path_is_never_routed(stack: Stack) -> None:
    await stack.idp.delete("/_sandbox/stats")
    auth = [(b"authorization", stack.auth("user-a")["Authorization"].encode())]
    status, _ = await asgi(stack, "GET", b"/proxy/companies%0D%0AX-Injected:%201", auth)
    # Starlette's `{path:path}` does not match across a line break: 404 from the router.
    assert status == 404
    assert await api_requests(stack) == 0


async def test_line_breaks_in_headers_or_query_are_refused(stack: Stack) -> None:
    auth = [(b"authorization", stack.auth("user-a")["Authorization"].encode())]
    await stack.idp.delete("/_sandbox/stats")
    for headers, query in [
        ([(b"if-match", b"*\r\nX-Injected: 1")], b""),
        ([(b"prefer", b"return=minimal\nHost: evil.example")], b""),
        ([], b"$top=1\r\nX-Injected:%201"),
        ([], b"$top=1 HTTP/1.1"),
    ]:
        raw = b"/proxy/companies" + (b"?" + query if query else b"")
        status, body = await asgi(stack, "GET", raw, [*auth, *headers])
        assert status == 400, (headers, query, body)
    assert await api_requests(stack) == 0


async def test_a_query_too_long_for_a_url_is_the_callers_error(stack: Stack) -> None:
    auth = [(b"authorization", stack.auth("user-a")["Authorization"].encode())]
    await stack.idp.delete("/_sandbox/stats")
    raw = b"/proxy/companies?$filter=name%20eq%20'" + b"x" * 70_000 + b"'"
    status, body = await asgi(stack, "GET", raw, auth)
    assert (status, b'"BAD_USER_INPUT"' in body, b"URL" in body) == (400, True, True), body[:300]
    assert await api_requests(stack) == 0


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ("", ""),
        ("companies", "companies"),
        ("companies(824820a2-508c-ed11-aada-000d3a298ab3)/vendors", None),
        ("companies%28824820a2-508c-ed11-aada-000d3a298ab3%29/vendors", None),
        ("purchaseInvoices(5d115c9c-44e3-ea11-bb43-000d3a2feca1)/Microsoft.NAV.post", None),
        ("subscriptions('c670ea73cacb459bb51dc1740da2f1db')", None),
        ("%24batch", "$batch"),
        ("$metadata", None),
    ],
)
def test_resource_paths_pass(raw: str, path: str | None) -> None:
    assert checked_path(raw) == (unquote(raw) if path is None else path)


def test_refusals_name_the_path() -> None:
    with pytest.raises(BadUserInput) as refused:
        checked_path("a/../b")
    assert refused.value.extensions["field"] == "path"


# -- isolation --------------------------------------------------------------------------


async def test_a_users_proxy_reaches_only_their_own_bc(stack: Stack) -> None:
    await stack.connect("user-c", CAROL)
    a_company = await first_company(stack, "user-a")
    c_company = await first_company(stack, "user-c")
    a_companies = (await stack.http.get("/proxy/companies", headers=stack.auth("user-a"))).json()
    c_companies = (await stack.http.get("/proxy/companies", headers=stack.auth("user-c"))).json()
    assert {c["id"] for c in a_companies["value"]}.isdisjoint(
        {c["id"] for c in c_companies["value"]}
    )
    a_vendor = (
        await stack.http.get(
            f"/proxy/companies({a_company})/vendors?$top=1", headers=stack.auth("user-a")
        )
    ).json()["value"][0]
    carol = stack.auth("user-c")
    # Alice's ids pasted into Carol's requests: BC (Carol's tenant) has no such thing.
    for path in (
        f"/proxy/companies({a_company})/vendors",
        f"/proxy/companies({a_company})/vendors({a_vendor['id']})",
        f"/proxy/companies({c_company})/vendors({a_vendor['id']})",
    ):
        response = await stack.http.get(path, headers=carol)
        assert response.status_code in (401, 404), (path, response.text)
        assert "value" not in response.json() and a_vendor["displayName"] not in response.text
    changed = await stack.http.patch(
        f"/proxy/companies({a_company})/vendors({a_vendor['id']})",
        json={"displayName": "Taken over"},
        headers={**carol, "If-Match": "*"},
    )
    assert changed.status_code in (401, 404)
    filtered = await stack.http.get(
        f"/proxy/companies({c_company})/vendors?$filter=id%20eq%20{a_vendor['id']}",
        headers=carol,
    )
    assert filtered.status_code == 200 and filtered.json()["value"] == []
    # A path up and over to Alice's tenant never leaves the gateway.
    status, _ = await asgi(
        stack,
        "GET",
        b"/proxy/../../" + CONTOSO_TENANT.encode() + b"/production/api/v2.0/companies",
        [(b"authorization", carol["Authorization"].encode())],
    )
    assert status == 400
    still = await stack.http.get(
        f"/proxy/companies({a_company})/vendors({a_vendor['id']})", headers=stack.auth("user-a")
    )
    assert still.json()["displayName"] == a_vendor["displayName"]


def test_a_proxied_answer_has_one_date_and_one_server_header() -> None:
    """Over real sockets, where the duplicates arose: BC's answer carries Date and Server,
    and uvicorn adds its own to every response the gateway sends."""
    user_tokens = UserTokenConfig(hs256_secret=USER_TOKEN_SECRET)
    auth = {"Authorization": f"Bearer {mint_user_token(user_tokens, 'user-a')}"}
    with served_sandbox() as sandbox_url:
        assert {"date", "server"} <= set(httpx.get(f"{sandbox_url}/healthz").headers)
        gateway = create_app(gateway_settings(sandbox_url, user_tokens, {}))
        with serve(gateway, limits=ServerLimits()) as gateway_url, httpx.Client() as http:
            start = http.get(
                f"{gateway_url}/connect/start", params={"login_hint": ALICE}, headers=auth
            )
            authorize = http.get(start.headers["location"])
            callback = urlsplit(authorize.headers["location"])
            done = http.get(f"{gateway_url}{callback.path}?{callback.query}")
            assert done.status_code == 200, done.text
            for path in ("companies", "companies(00000000-0000-0000-0000-000000000000)"):
                answer = http.get(f"{gateway_url}/proxy/{path}", headers=auth)
                assert answer.status_code in (200, 404), answer.text
                assert len(answer.headers.get_list("date")) == 1, answer.headers
                assert len(answer.headers.get_list("server")) == 1, answer.headers
