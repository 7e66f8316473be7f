"""Fuzzing: valid operations generated from schema.graphql by hypothesis-graphql, run against
the gateway, fail only in the contract's ways: every error carries a contract code, none is
INTERNAL_SERVER_ERROR, no traceback and no token ever reaches a response.

Most operations run through the Strawberry schema with the resolvers over the real BC client
(as tests/graphql does; much faster than HTTP), a slice through the whole app over HTTP.
Hand-written hostile requests (malformed JSON and GraphQL, oversized, deep, alias bombs)
must be refused cleanly: a 4xx or a GraphQL error with a code, never a 500.

The hypothesis tests are sync functions that drive one event loop themselves
(asyncio.Runner): the sandbox and the gateway live for the whole run, and the run can count
how many operations it executed (the goal is at least 1,000).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from gateway.errors import ERROR_CODES
from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT, FABRIKAM_TENANT
from tests.conftest import ALICE, sandbox_settings
from tests.graphql.conftest import Gateway, gateway_for
from tests.resilience.harness import (
    ROOMY_LIMITS,
    USER_A,
    Harness,
    faulty_stack,
    seed_companies,
    seed_rows,
)

SDL = (Path(__file__).resolve().parents[2] / "schema.graphql").read_text()
SCHEMA = graphql.build_schema(SDL)
CONTRACT_CODES = frozenset(ERROR_CODES)
SCHEMA_RUNS = 1000
HTTP_RUNS = 150


def _ids() -> st.SearchStrategy[str]:
    """Ids worth guessing: the companies and a few real records of each kind from both
    tenants (so lookups hit, and cross-tenant lookups are tried), and random UUIDs. Every
    field and argument takes a `companyId`: without real ones most operations would stop at
    "no such company"."""
    sets = ("vendors", "purchaseInvoices", "purchaseInvoiceLines", "accounts", "taxGroups")
    companies: list[str] = []
    records: list[str] = []
    for tenant in (CONTOSO_TENANT, FABRIKAM_TENANT):
        companies.extend(str(company["id"]) for company in seed_companies(tenant))
        for entity_set in (*sets, "paymentTerms"):
            records.extend(str(row["id"]) for row in seed_rows(tenant, entity_set)[:4])
    return st.one_of(st.sampled_from(companies), st.sampled_from(records), st.uuids().map(str))


def _scalar_strategies() -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    zones = st.sampled_from(
        [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
    )
    strategies: dict[str, st.SearchStrategy[Any]] = {
        "UUID": _ids(),
        "Date": st.dates(date(1753, 1, 1), date(9999, 12, 31)).map(date.isoformat),
        "DateTime": st.datetimes(datetime(1753, 1, 2), datetime(9999, 12, 30), timezones=zones).map(
            datetime.isoformat
        ),
        # Any finite decimal, huge and tiny exponents included: BC's range is the
        # gateway's to enforce, with BAD_USER_INPUT.
        "Decimal": st.decimals(allow_nan=False, allow_infinity=False).map(str),
        "Long": st.integers(-(2**63), 2**63 - 1).map(str),
        "JSON": st.just("{}"),
    }
    return {
        name: strategy.map(nodes.String)
        for name, strategy in strategies.items()
        if name in SCHEMA.type_map
    }


def _operations() -> st.SearchStrategy[str]:
    # One root field per document, every root field equally likely: whole-schema documents
    # are ~3x larger and slower to generate, and leave rare fields rarely tried.
    scalars = _scalar_strategies()
    per_field = [
        queries(SCHEMA, fields=[name], custom_scalars=scalars) for name in SCHEMA.query_type.fields
    ]
    if SCHEMA.mutation_type is not None:
        per_field += [
            mutations(SCHEMA, fields=[name], custom_scalars=scalars)
            for name in SCHEMA.mutation_type.fields
        ]
    return st.one_of(per_field)


OPERATIONS = _operations()
FUZZ_SETTINGS = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def assert_clean(body: dict[str, Any], secrets: list[str], document: str) -> None:
    text = json.dumps(body, default=str)
    for error in body.get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        assert code in CONTRACT_CODES, (code, error, document)
    assert "Traceback" not in text and 'File "' not in text, document
    for secret in secrets:
        assert secret not in text, ("a token leaked", document)


@pytest.fixture
def internal_errors(caplog: pytest.LogCaptureFixture) -> Iterator[list[logging.LogRecord]]:
    """Errors the schema logged as unexpected (the INTERNAL_SERVER_ERROR path)."""
    with caplog.at_level(logging.ERROR, logger="bcgraph.graphql"):
        yield caplog.records


def test_generated_operations_fail_only_with_contract_codes(
    internal_errors: list[logging.LogRecord],
) -> None:
    with asyncio.Runner() as runner:
        sandbox = create_sandbox(sandbox_settings(limits=ROOMY_LIMITS))
        lifespan = sandbox.router.lifespan_context(sandbox)
        runner.run(lifespan.__aenter__())
        gw: Gateway = runner.run(gateway_for(sandbox, ALICE, CONTOSO_TENANT))
        secrets = [runner.run(gw.target.access_token())]
        outcomes: Counter[str] = Counter()

        @settings(FUZZ_SETTINGS, max_examples=SCHEMA_RUNS)
        @given(document=OPERATIONS)
        def run(document: str) -> None:
            result = runner.run(gw.execute(document))
            body = {
                "data": result.data,
                "errors": [e.formatted for e in result.errors] if result.errors else None,
            }
            kind = "mutation" if document.lstrip().startswith("mutation") else "query"
            outcomes[kind] += 1
            for error in body["errors"] or ():
                outcomes[(error.get("extensions") or {}).get("code", "none")] += 1
            if not result.errors:
                outcomes["clean"] += 1
            assert_clean(body, secrets, document)

        try:
            run()
        finally:
            runner.run(gw.aclose())
            runner.run(lifespan.__aexit__(None, None, None))

    assert outcomes["query"] + outcomes["mutation"] >= SCHEMA_RUNS, outcomes
    if SCHEMA.mutation_type is not None:
        assert outcomes["mutation"] >= SCHEMA_RUNS // 10, outcomes
    # The run reached BC, not just the validator: some operations came back clean (most
    # carry a random `after` cursor, etag or id, and are refused as they should be).
    assert outcomes["clean"] >= SCHEMA_RUNS // 40, outcomes
    assert outcomes["NOT_FOUND"] > 0 and outcomes["BAD_USER_INPUT"] > 0, outcomes
    assert not internal_errors, [r.getMessage() for r in internal_errors[:3]]


def test_generated_operations_over_http_leak_no_token(
    internal_errors: list[logging.LogRecord],
) -> None:
    with asyncio.Runner() as runner:
        context = faulty_stack()
        harness: Harness = runner.run(context.__aenter__())
        secrets = runner.run(harness.secrets(USER_A))
        statuses: Counter[int] = Counter()

        @settings(FUZZ_SETTINGS, max_examples=HTTP_RUNS)
        @given(document=OPERATIONS)
        def run(document: str) -> None:
            response = runner.run(harness.stack.graphql(USER_A, document))
            statuses[response.status_code] += 1
            assert response.status_code == 200, (response.status_code, response.text[:300])
            body = response.json()
            assert_clean(body, secrets, document)
            codes = {(e.get("extensions") or {}).get("code") for e in body.get("errors") or ()}
            if "NOT_CONNECTED" in codes or "disconnect" in document:
                # A generated `disconnect` ended the connection: connect again, and keep
                # the new tokens out of responses too.
                runner.run(harness.stack.connect(USER_A, ALICE))
                secrets.extend(runner.run(harness.secrets(USER_A)))

        try:
            run()
        finally:
            runner.run(context.__aexit__(None, None, None))

    assert sum(statuses.values()) >= HTTP_RUNS
    assert not internal_errors, [r.getMessage() for r in internal_errors[:3]]


# --- hostile requests -----------------------------------------------------------------


@pytest.fixture
async def harness() -> Any:
    async with faulty_stack() as running:
        # A crash must show as the 500 a server would send, not as an exception here.
        running.stack.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=running.stack.gateway, raise_app_exceptions=False),
            base_url=str(running.stack.http.base_url),
        )
        try:
            yield running
        finally:
            await running.stack.http.aclose()


def _json(status: int, harness_response: httpx.Response) -> dict[str, Any]:
    assert harness_response.status_code == status, harness_response.text[:300]
    assert harness_response.headers["content-type"].startswith("application/json")
    return dict(harness_response.json())


def _deep(levels: int) -> str:
    opening = "vendor { purchaseInvoices(first: 1) { nodes { " * levels
    closing = " } } }" * levels
    return "{ purchaseInvoices(first: 1) { nodes { " + opening + "number" + closing + " } } }"


def _aliases(count: int) -> str:
    return (
        "{ "
        + " ".join(f"a{i}: vendors(first: 1) {{ nodes {{ id }} }}" for i in range(count))
        + " }"
    )


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
        (
            "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
            "GRAPHQL_VALIDATION_FAILED",
        ),
        ("query A { __typename } query A { __typename }", "GRAPHQL_VALIDATION_FAILED"),
        # A subscription over plain HTTP is refused before validation.
        ("subscription { vendors { nodes { id } } }", "BAD_REQUEST"),
        (_deep(20), "QUERY_TOO_COMPLEX"),
        (_aliases(40), "QUERY_TOO_COMPLEX"),
        (_aliases(2000), "QUERY_TOO_COMPLEX"),
        ("{ " + "__typename " * 20000 + "}", "QUERY_TOO_COMPLEX"),
        (
            "{ vendors(first: 1000) { nodes { purchaseInvoices(first: 1000) { nodes { lines(first: 1000) { nodes { id } } } } } } }",
            "QUERY_TOO_COMPLEX",
        ),
    ],
    ids=[
        "unknown-field",
        "fragment-cycle",
        "duplicate-operation",
        "subscription",
        "deep",
        "aliases-40",
        "alias-bomb",
        "token-bomb",
        "cost-bomb",
    ],
)
async def test_hostile_documents_are_refused_with_a_code(
    harness: Harness, document: str, code: str
) -> None:
    await harness.reset_stats()
    response = await harness.stack.graphql(USER_A, document)
    body = _json(200, response)
    assert body.get("data") is None
    assert [e["extensions"]["code"] for e in body["errors"]][:1] == [code], body["errors"][:2]
    # Refused before any call to BC.
    assert (await harness.stats())["httpRequests"] == 0


async def test_an_oversized_body_is_413_before_parsing(harness: Harness) -> None:
    padding = " " * 2_000_000
    response = await harness.stack.graphql(USER_A, "{ __typename }" + padding)
    body = _json(413, response)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'{"query": ', "truncated JSON"),
        (b"[1, 2]", "a batch (batching is off)"),
        (b'{"variables": {}}', "no query"),
        (b'{"query": 5}', "query not a string"),
        (b'{"query": "{ __typename }", "variables": [1]}', "variables not an object"),
    ],
)
async def test_malformed_requests_are_400(harness: Harness, content: bytes, why: str) -> None:
    response = await harness.stack.http.post(
        "/graphql",
        content=content,
        headers={**harness.stack.auth(USER_A), "content-type": "application/json"},
    )
    assert response.status_code == 400, (why, response.status_code, response.text[:200])
    assert "Traceback" not in response.text


@pytest.mark.parametrize("content", [b'"x"', b"5", b"null", b'{"query": "\xff"}'])
async def test_json_that_is_not_an_object_is_400(harness: Harness, content: bytes) -> None:
    response = await harness.stack.http.post(
        "/graphql",
        content=content,
        headers={**harness.stack.auth(USER_A), "content-type": "application/json"},
    )
    assert response.status_code == 400, response.text[:200]


async def test_a_syntax_error_carries_a_code(harness: Harness) -> None:
    response = await harness.stack.graphql(USER_A, "{ vendors( ")
    body = _json(200, response)
    assert body["errors"][0].get("extensions", {}).get("code") == "GRAPHQL_PARSE_FAILED"
