"""What operators see: /readyz, /metrics, request ids, tracing spans, and logs that carry the
request id and user id but never a token."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import httpx
from starlette.types import ASGIApp

from gateway.auth import UserTokenConfig, mint_user_token
from gateway.dev import DEV_USER_TOKEN_SECRET, dev_server
from gateway.observability import Metrics, OperationMetrics, Readiness, http_reachable
from gateway.observability.logs import JsonFormatter, redact
from gateway.observability.metrics import MAX_OPERATION_NAMES, upstream_entity
from gateway.observability.tracing import Tracer, Tracing
from sandbox.directory import DEV_CLIENT_SECRET
from schema import build_schema
from tests.conftest import ALICE
from tests.gateway.stack import running_stack
from tests.logs import on_root_logger
from tests.servers import free_port, serve

VENDORS = "query Vendors { vendors(first: 3) { nodes { number displayName } } }"


async def test_readyz_reports_each_dependency() -> None:
    async with running_stack() as stack:
        ready = await stack.http.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {
            "status": "ready",
            "checks": {"store": "ok", "bc": "ok", "identity": "ok"},
        }

        async def pubsub_down() -> None:
            raise ConnectionRefusedError("redis://secret-host")

        stack.gateway.state.runtime.readiness.add("pubsub", pubsub_down)
        down = await stack.http.get("/readyz")
        assert down.status_code == 503
        assert down.json()["checks"]["pubsub"] == "failed: ConnectionRefusedError"
        assert "secret-host" not in down.text


async def test_readiness_is_bounded_in_time_and_counts_5xx_as_down() -> None:
    readiness = Readiness(timeout=0.2)

    async def hangs() -> None:
        await asyncio.sleep(30)

    def answer(status: int) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(status)))

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    readiness.add("hangs", hangs)
    readiness.add("unauthorized", http_reachable(answer(401), "https://bc.example/"))
    readiness.add("broken", http_reachable(answer(503), "https://bc.example/"))
    unreachable = httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    readiness.add("unreachable", http_reachable(unreachable, "https://bc.example/"))
    started = time.monotonic()
    checks = await readiness.run()
    assert time.monotonic() - started < 2
    assert checks == {
        "hangs": "timeout",
        "unauthorized": "ok",  # BC's answer to an anonymous GET: it is there
        "broken": "failed: Unreachable",
        "unreachable": "failed: ConnectError",
    }


async def test_metrics_count_operations_upstream_requests_and_refreshes() -> None:
    async with running_stack() as stack:
        await stack.connect("user-a", ALICE)
        assert (await stack.graphql("user-a", VENDORS)).status_code == 200
        await stack.graphql("user-a", "query Broken { nope }")
        runtime = stack.gateway.state.runtime
        # A refresh-token grant through the gateway's identity client is counted (this one
        # is refused: the token is made up).
        refused = await runtime.idp_http.post(
            runtime.oauth.token_endpoint,
            data={"grant_type": "refresh_token", "refresh_token": "made-up", "client_id": "x"},
        )
        assert refused.status_code >= 400
        text = (await stack.http.get("/metrics")).text
    assert 'bcgraph_operations_total{operation="Vendors",outcome="ok",type="query"} 1.0' in text
    assert (
        'bcgraph_operations_total{operation="Broken",outcome="GRAPHQL_VALIDATION_FAILED",'
        'type="query"} 1.0' in text
    )
    assert 'bcgraph_upstream_requests_total{entity="vendors",method="GET",status="200"}' in text
    assert 'bcgraph_token_refreshes_total{outcome="refused"} 1.0' in text
    for name in ("bcgraph_active_subscriptions", "bcgraph_webhook_notifications_total"):
        assert name in text or name.removesuffix("_total") in text


def test_operation_names_cannot_grow_the_label_set() -> None:
    metrics = Metrics()
    names = {metrics.operation_label(f"Op{i}") for i in range(MAX_OPERATION_NAMES + 50)}
    assert len(names) == MAX_OPERATION_NAMES + 1 and "other" in names
    assert metrics.operation_label("Op1") == "Op1"
    assert metrics.operation_label("not a name; drop table") == "other"
    assert metrics.operation_label(None) == "anonymous"


def test_upstream_entity_from_bc_paths() -> None:
    root = "/v2.0/contoso/production/api/v2.0"
    assert upstream_entity(f"{root}/companies") == "companies"
    assert upstream_entity(f"{root}/companies(1)/vendors(2)") == "vendors"
    assert upstream_entity(f"{root}/companies(1)/vendors/$count") == "vendors"
    assert upstream_entity(f"{root}/$batch") == "$batch"
    assert upstream_entity(f"{root}/companies(1)/purchaseInvoices(2)/Microsoft.NAV.post") == (
        "Microsoft.NAV.post"
    )
    assert upstream_entity("/elsewhere") == "other"


async def test_syntax_errors_are_counted_too() -> None:
    metrics = Metrics()
    schema = build_schema([lambda: OperationMetrics(metrics)])
    await schema.execute("{ unclosed")
    sample = metrics.registry.get_sample_value(
        "bcgraph_operations_total",
        {"operation": "anonymous", "type": "unknown", "outcome": "GRAPHQL_PARSE_FAILED"},
    )
    assert sample == 1.0


async def test_tracing_makes_one_span_per_stage_not_per_field() -> None:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    schema = build_schema([lambda: Tracing(provider.get_tracer("test"))])
    result = await schema.execute("query Names { __schema { types { name fields { name } } } }")
    assert result.errors is None
    spans = {s.name: s for s in exporter.get_finished_spans()}
    assert set(spans) == {
        "graphql.operation",
        "graphql.parse",
        "graphql.validate",
        "graphql.execute",
    }
    operation = spans["graphql.operation"]
    assert operation.attributes["graphql.operation.name"] == "Names"
    assert spans["graphql.execute"].parent.span_id == operation.context.span_id
    provider.shutdown()


async def test_every_response_carries_a_request_id() -> None:
    async with running_stack() as stack:
        fresh = await stack.http.get("/healthz")
        assert len(fresh.headers["x-request-id"]) == 32
        kept = await stack.http.get("/healthz", headers={"X-Request-ID": "frontend-42"})
        assert kept.headers["x-request-id"] == "frontend-42"
        junk = await stack.http.get("/healthz", headers={"X-Request-ID": "bad id\twith junk"})
        assert junk.headers["x-request-id"] != "bad id\twith junk"


def test_redaction_cuts_credentials_and_keeps_error_codes() -> None:
    line = redact(
        'GET /oauth/callback?code=abc&state=def "Authorization: Bearer xyz" '
        '{"refresh_token": "r1", "code": "NOT_FOUND"} eyJhbGciOiJI.eyJzdWIiOiJ1.c2ln'
    )
    for secret in ("abc", "def", "xyz", "r1", "eyJhbGciOiJI"):
        assert secret not in line
    assert '"code": "NOT_FOUND"' in line


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    """Every log record in this process as JSON lines, as `bcgraph serve` writes them."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    # Other tests' uvicorn servers configure its loggers (levels, handlers, no propagation);
    # logging is process-wide, so this test sets them as `bcgraph serve` does, and restores.
    named = [logging.getLogger(n) for n in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    saved = [(lg, lg.level, lg.propagate, lg.handlers[:], lg.disabled) for lg in named]
    for lg in named:
        lg.setLevel(logging.INFO)
        lg.propagate, lg.handlers, lg.disabled = True, [], False
    try:
        with on_root_logger(handler, logging.DEBUG):
            yield buffer
    finally:
        for lg, level, propagate, handlers, disabled in saved:
            lg.setLevel(level)
            lg.propagate, lg.handlers, lg.disabled = propagate, handlers, disabled


def test_logs_of_a_connect_flow_and_queries_hold_no_token() -> None:
    port = free_port()
    server = dev_server("127.0.0.1", port)
    user_token = mint_user_token(UserTokenConfig(hs256_secret=DEV_USER_TOKEN_SECRET), "user-b")
    bearer = {"Authorization": f"Bearer {user_token}"}
    secrets = {"user token": user_token, "demo token": server.demo_token}
    secrets["client secret"] = DEV_CLIENT_SECRET
    with (
        captured_logs() as logs,
        serve(server.app, port, log_config=None, log_level="debug") as base,
    ):
        with httpx.Client(base_url=base) as browser:
            started = browser.post("/connect/start", params={"login_hint": ALICE}, headers=bearer)
            ticket = started.json()["url"]
            secrets["ticket"] = parse_qs(urlsplit(ticket).query)["ticket"][0]
            to_idp = browser.get(ticket)
            assert to_idp.status_code == 302
            callback = browser.get(to_idp.headers["location"])
            assert callback.status_code == 302
            query = parse_qs(urlsplit(callback.headers["location"]).query)
            secrets["code"] = query["code"][0]
            done = browser.get(callback.headers["location"])
            assert done.status_code == 200, done.text
            for _ in range(2):
                answer = browser.post("/graphql", json={"query": VENDORS}, headers=bearer)
                assert answer.json()["data"]["vendors"]["nodes"]
            browser.post("/graphql", json={"query": "{ nope }"}, headers=bearer)
            connection = asyncio.run(_stored("user-b", server.app))
        secrets["BC access token"] = connection.access_token
        secrets["BC refresh token"] = connection.refresh_token or "-"
    text = logs.getvalue()
    records = [json.loads(line) for line in text.splitlines()]
    assert any("/connect/start?ticket=[redacted]" in r["message"] for r in records)
    queries = [r for r in records if "POST /graphql" in r["message"]]
    assert len(queries) == 3 and all(r["userId"] == "user-b" for r in queries)
    assert len({r["requestId"] for r in queries}) == 3
    leaked = [name for name, value in secrets.items() if value in text]
    assert not leaked, f"found in the logs: {leaked}"


async def _stored(user_id: str, app: ASGIApp):  # type: ignore[no-untyped-def]
    store = app.state.runtime.store  # type: ignore[attr-defined]
    return await store.get(user_id)


async def test_retries_are_counted_by_reason() -> None:
    from gateway.bc.config import BCClientConfig
    from tests.conftest import ALICE
    from tests.gateway.stack import running_stack

    fast = BCClientConfig(max_attempts=4, backoff_base_seconds=0.001, backoff_max_seconds=0.002)
    async with running_stack(bc=fast) as stack:
        await stack.connect("user-a", ALICE)
        await stack.idp.put("/_sandbox/faults", json={"rate_503": 1.0, "retry_after": None})
        await stack.graphql("user-a", "{ companies { name } }")
        await stack.idp.delete("/_sandbox/faults")
        metrics = (await stack.http.get("/metrics")).text
    line = next(
        x
        for x in metrics.splitlines()
        if x.startswith('bcgraph_upstream_retries_total{reason="503"}')
    )
    # Four attempts in all (max_attempts above): three of them retries.
    assert float(line.split()[-1]) == 3.0


async def test_the_apps_tracer_records_spans_only_between_its_start_and_shutdown() -> None:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()

    def open_provider() -> TracerProvider:
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        return provider

    tracer = Tracer(open_provider)  # built with the app: no provider, no exporter thread
    schema = build_schema([lambda: Tracing(tracer)])
    query = "query Named { __typename }"
    assert (await schema.execute(query)).errors is None  # before the start: not recorded
    assert exporter.get_finished_spans() == ()
    tracer.start()
    assert (await schema.execute(query)).errors is None
    assert "graphql.operation" in {s.name for s in exporter.get_finished_spans()}
    tracer.shutdown()
    exporter.clear()
    assert (await schema.execute(query)).errors is None  # after the shutdown: not recorded
    assert exporter.get_finished_spans() == ()
