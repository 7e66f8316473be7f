"""BCGRAPH_INTROSPECTION: whether clients may read the schema, by introspection or from the
"Did you mean ...?" suggestions in error messages. Off, each error still says what is
wrong, without naming what exists."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.dev import dev_server
from gateway.settings import Settings
from schema import build_schema
from tests.gateway.stack import running_stack

# Each mistake is one that graphql-core answers with a suggestion: field, argument, type,
# enum value and input field, in the document and in variables (coerced at execution).
MISTAKES: list[tuple[str, dict[str, Any] | None]] = [
    ("{ vendors(first: 1) { nodes { nmber } } }", None),
    ("{ vendors(frist: 1) { totalCount } }", None),
    ("query($o: [VendorOrdr!]) { vendors(orderBy: $o) { totalCount } }", None),
    ("{ vendors(orderBy: [{field: NUMBR}]) { totalCount } }", None),
    ("{ vendors(orderBy: [{feld: NUMBER}]) { totalCount } }", None),
    (
        "query($f: VendorSortField!) { vendors(orderBy: [{field: $f}]) { totalCount } }",
        {"f": "NUMBR"},
    ),
    (
        "query($o: [VendorOrder!]) { vendors(orderBy: $o) { totalCount } }",
        {"o": [{"feld": "NUMBER"}]},
    ),
]
INTROSPECTION = [
    "{ __schema { types { name } } }",
    '{ __type(name: "Vendor") { fields { name } } }',
]


def messages(body: dict[str, Any]) -> list[str]:
    return [e["message"] for e in body.get("errors", [])]


@pytest.mark.parametrize("introspection", [True, False])
async def test_introspection_and_suggestions_follow_the_setting(introspection: bool) -> None:
    async with running_stack(introspection=introspection) as stack:
        for query, variables in MISTAKES:
            body = (await stack.graphql("user-a", query, variables)).json()
            found = messages(body)
            assert found and body.get("data") is None, body
            suggested = ["Did you mean" in m for m in found]
            assert any(suggested) if introspection else not any(suggested), found
        for query in INTROSPECTION:
            body = (await stack.graphql("user-a", query)).json()
            if introspection:
                assert body["data"] and "errors" not in body, body
            else:
                assert body.get("data") is None
                refused = messages(body)
                root = "__schema" if "schema" in query else "__type"
                assert refused[0] == (
                    "GraphQL introspection has been disabled, but the requested query "
                    f"contained the field '{root}'."
                )
                assert all(m.startswith("GraphQL introspection has been disabled") for m in refused)
                assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        # __typename is not introspection of the schema: clients (Apollo's cache) need it.
        typename = await stack.graphql("user-a", "{ __typename }")
        assert typename.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("introspection", [True, False])
async def test_subscriptions_hide_suggestions_too(introspection: bool) -> None:
    schema = build_schema(introspection=introspection)
    for query, variables in [
        ("subscription { recordCreated(entity: VENDR) { changeType } }", None),
        (
            "subscription($e: EntityKind!) { recordCreated(entity: $e) { changeType } }",
            {"e": "VENDR"},
        ),
    ]:
        stream = await schema.subscribe(query, variable_values=variables)
        result = await anext(stream)  # type: ignore[arg-type]
        found = [e.message for e in result.errors or []]
        assert found and all("'VENDR'" in m for m in found), found
        assert any("Did you mean" in m for m in found) is introspection, found


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, True),  # GraphiQL is on by default, and it needs introspection
        ({"BCGRAPH_GRAPHIQL": "false"}, False),
        ({"BCGRAPH_GRAPHIQL": "false", "BCGRAPH_INTROSPECTION": "true"}, True),
        ({"BCGRAPH_INTROSPECTION": "off"}, False),
    ],
)
def test_introspection_defaults_to_graphiql_when_served(
    env: dict[str, str], expected: bool
) -> None:
    assert Settings.from_env(env).introspection is expected


async def test_dev_mode_keeps_introspection() -> None:
    server = dev_server("127.0.0.1", 8000)
    app = server.app
    async with app.router.lifespan_context(app):
        assert app.state.runtime.settings.introspection is True
