"""The GraphiQL page: served to browsers at /graphql, opening with the example operations,
each of which is valid against the schema once its root type exists."""

from __future__ import annotations

import json
import re

from graphql import parse, validate

from gateway.graphiql import EXAMPLES, graphiql_page
from schema import build_schema
from tests.gateway.stack import running_stack

ROOT_TYPES = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}


def test_examples_are_one_of_each_kind_and_valid() -> None:
    schema = build_schema()._schema
    assert list(EXAMPLES) == ["query", "mutation", "subscription"]
    assert "lines {" in EXAMPLES["query"] and "vendor {" in EXAMPLES["query"]
    for kind, document in EXAMPLES.items():
        operation = parse(document).definitions[0]
        assert operation.operation.value == kind
        if ROOT_TYPES[kind] in schema.type_map:
            assert validate(schema, parse(document)) == [], kind


def test_page_embeds_the_examples_as_tabs_safely() -> None:
    page = graphiql_page({"query": "{ a } # </script><script>alert(1)</script>"})
    tabs = re.search(r"const TABS = (.*);", page)
    assert tabs is not None
    assert "</script><script>" not in tabs.group(1)
    assert json.loads(tabs.group(1).replace("<\\/", "</")) == [
        {"query": "{ a } # </script><script>alert(1)</script>"}
    ]
    # Every asset is pinned and integrity-checked.
    assets = re.findall(r'(?:src|href)="(https://[^"]+)"', page)
    assert len(assets) == 6 and page.count('integrity="sha384-') == 6


async def test_browsers_get_the_page_even_without_a_token() -> None:
    async with running_stack() as stack:
        page = await stack.http.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "InvoicesWithLines" in page.text
        # Not a browser: an operation, which needs a user.
        api = await stack.http.get("/graphql", params={"query": "{ companies { id } }"})
        assert api.status_code == 401
