"""What a browser frontend relies on: CORS for the origins configured (none by default),
queries over GET but never mutations, automatic persisted queries, and the GraphQL over
HTTP media type with its status codes."""

from __future__ import annotations

import hashlib
import json
import logging

import pytest

from gateway.origins import OriginPolicy
from gateway.persisted import PersistedQueries
from tests.conftest import ALICE
from tests.gateway.stack import Stack, running_stack

APP = "https://app.example"
QUERY = "{ companies { name } }"
DIGEST = hashlib.sha256(QUERY.encode()).hexdigest()


@pytest.fixture
async def stack():  # type: ignore[no-untyped-def]
    async with running_stack(cors=OriginPolicy((APP,)), apq_cache_size=2) as running:
        finished = await running.connect("user-a", ALICE)
        assert finished.status_code == 200
        yield running


async def test_cors_allows_the_configured_origin_only(stack: Stack) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    allowed = await stack.http.options("/graphql", headers={"Origin": APP, **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == APP
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    refused = await stack.http.options(
        "/graphql", headers={"Origin": "https://evil.example", **preflight}
    )
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    # A refusal below CORS (here 401) still carries the header, so the browser can read it.
    unauthenticated = await stack.http.post(
        "/graphql", json={"query": QUERY}, headers={"Origin": APP}
    )
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["access-control-allow-origin"] == APP


async def test_no_cors_headers_unless_origins_are_configured() -> None:
    async with running_stack() as stack:
        response = await stack.http.options(
            "/graphql",
            headers={"Origin": APP, "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in response.headers


async def test_queries_over_get_and_mutations_refused(stack: Stack) -> None:
    got = await stack.http.get("/graphql", params={"query": QUERY}, headers=stack.auth("user-a"))
    assert got.status_code == 200
    assert {c["name"] for c in got.json()["data"]["companies"]} == {"CRONUS US", "CRONUS US TEST"}
    mutation = await stack.http.get(
        "/graphql",
        params={"query": "mutation { __typename }"},
        headers=stack.auth("user-a"),
    )
    assert mutation.status_code in (400, 405)
    assert "mutations are not allowed" in mutation.text


async def test_automatic_persisted_queries(stack: Stack) -> None:
    auth = stack.auth("user-a")
    by_hash = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": DIGEST}}}
    unknown = await stack.http.post("/graphql", json=by_hash, headers=auth)
    assert unknown.status_code == 200
    error = unknown.json()["errors"][0]
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"

    registered = await stack.http.post("/graphql", json={**by_hash, "query": QUERY}, headers=auth)
    assert registered.json()["data"]["companies"]
    hit = await stack.http.post("/graphql", json=by_hash, headers=auth)
    assert hit.json() == registered.json()
    # Over GET, as a CDN-cacheable URL.
    over_get = await stack.http.get(
        "/graphql", params={"extensions": json.dumps(by_hash["extensions"])}, headers=auth
    )
    assert over_get.json() == registered.json()

    forged = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}}
    mismatch = await stack.http.post("/graphql", json={**forged, "query": QUERY}, headers=auth)
    assert mismatch.status_code == 400
    assert mismatch.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_persisted_cache_is_bounded_least_recently_used_first() -> None:
    from strawberry.http import GraphQLRequestData

    cache = PersistedQueries(max_entries=2)

    def register(query: str) -> str:
        digest = hashlib.sha256(query.encode()).hexdigest()
        ext = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
        cache.resolve(GraphQLRequestData(query, None, None, ext))
        return digest

    def lookup(digest: str) -> str | None:
        ext = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
        return cache.resolve(GraphQLRequestData(None, None, None, ext)).query

    a, b = register("{ a }"), register("{ b }")
    assert lookup(a) == "{ a }"  # now b is the least recently used
    register("{ c }")
    assert len(cache) == 2 and lookup(a) == "{ a }"
    with pytest.raises(Exception, match="PersistedQueryNotFound"):
        lookup(b)


async def test_graphql_response_media_type_and_status_codes(stack: Stack) -> None:
    auth = stack.auth("user-a")
    spec = {"Accept": "application/graphql-response+json", **auth}
    ok = await stack.http.post("/graphql", json={"query": QUERY}, headers=spec)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    invalid = await stack.http.post("/graphql", json={"query": "{ nope }"}, headers=spec)
    assert invalid.status_code == 400 and "data" not in invalid.json()
    # A field error is not a request error: 200, with data.
    missing = await stack.http.post(
        "/graphql",
        json={"query": '{ vendor(id: "00000000-0000-0000-0000-0000000000ab") { number } }'},
        headers=spec,
    )
    assert missing.status_code == 200 and "data" in missing.json()
    # Plain JSON clients keep 200 and `data: null`.
    legacy = await stack.http.post("/graphql", json={"query": "{ nope }"}, headers=auth)
    assert legacy.status_code == 200 and legacy.json()["data"] is None
    assert legacy.headers["content-type"].startswith("application/json")


SUBSCRIPTION = "subscription Changes { recordChanged(entities: [VENDOR]) { id } }"


async def test_a_subscription_over_http_is_refused_with_a_clear_error(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    # Before: 200 "Internal server error." and an ERROR traceback in the log.
    auth = stack.auth("user-a")
    with caplog.at_level(logging.DEBUG):
        spec = await stack.http.post(
            "/graphql",
            json={"query": SUBSCRIPTION},
            headers={"Accept": "application/graphql-response+json", **auth},
        )
        legacy = await stack.http.post("/graphql", json={"query": SUBSCRIPTION}, headers=auth)
        over_get = await stack.http.get("/graphql", params={"query": SUBSCRIPTION}, headers=auth)
    # A request error, as GraphQL over HTTP words it: 400 and no `data` for the spec's media
    # type, 200 and `data: null` for application/json clients.
    assert spec.status_code == 400 and "data" not in spec.json()
    assert legacy.status_code == 200 and legacy.json()["data"] is None
    assert over_get.status_code == 200 and over_get.json()["data"] is None
    for answer in (spec, legacy, over_get):
        [error] = answer.json()["errors"]
        assert error["extensions"] == {"code": "BAD_REQUEST"}
        assert "WebSocket" in error["message"] and "graphql-transport-ws" in error["message"]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    assert "Traceback" not in caplog.text
    metrics = (await stack.http.get("/metrics")).text
    assert (
        'bcgraph_operations_total{operation="Changes",outcome="BAD_REQUEST",'
        'type="subscription"} 3.0'
    ) in metrics


async def test_refused_documents_carry_apollos_codes(stack: Stack) -> None:
    auth = stack.auth("user-a")
    spec = {"Accept": "application/graphql-response+json", **auth}
    cases = {
        "{ vendors( ": "GRAPHQL_PARSE_FAILED",
        "{ nope }": "GRAPHQL_VALIDATION_FAILED",
        '{ vendor(id: "not-a-uuid") { number } }': "GRAPHQL_VALIDATION_FAILED",
        "query A { __typename } query A { __typename }": "GRAPHQL_VALIDATION_FAILED",
    }
    for document, code in cases.items():
        for headers in (auth, spec):
            body = await stack.http.post("/graphql", json={"query": document}, headers=headers)
            assert {e["extensions"]["code"] for e in body.json()["errors"]} == {code}, document
    # The same document twice: the validation cache hands out the errors it coded already.
    again = await stack.http.post("/graphql", json={"query": "{ nope }"}, headers=auth)
    assert again.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    # A variable the client got wrong is its input, not a document that failed validation.
    variable = await stack.http.post(
        "/graphql",
        json={"query": "query($i: UUID!) { vendor(id: $i) { number } }", "variables": {"i": 1}},
        headers=auth,
    )
    assert variable.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # The limits' own validation rules keep their code.
    aliases = "{ " + " ".join(f"a{i}: __typename" for i in range(40)) + " }"
    refused = await stack.http.post("/graphql", json={"query": aliases}, headers=auth)
    assert refused.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
