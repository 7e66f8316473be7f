"""Parsed documents remembered per schema by their text (schema/document_cache.py), without
their chain of tokens, and still locating errors exactly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, Node
from strawberry.extensions import SchemaExtension

from schema import build_schema

QUERY = "query Q { __typename\n  nope }"


class Seen(SchemaExtension):
    """Records the parsed document each operation ran with."""

    documents: list[DocumentNode] = []

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        assert document is not None
        self.documents.append(document)
        yield


def nodes(node: Any) -> Iterator[Node]:
    if isinstance(node, Node):
        yield node
        for key in node.keys:
            if key != "loc":
                yield from nodes(getattr(node, key, None))
    elif isinstance(node, tuple | list):
        for item in node:
            yield from nodes(item)


async def test_a_document_is_parsed_once_per_schema_and_kept_without_tokens() -> None:
    seen: list[DocumentNode] = []

    class Recording(Seen):
        documents = seen

    one, other = build_schema([Recording]), build_schema([Recording])
    for schema in (one, one, other):
        result = await schema.execute(QUERY)
        # The tokens are gone, the offsets are not: errors still say where.
        assert result.errors and result.errors[0].locations is not None
        assert [(loc.line, loc.column) for loc in result.errors[0].locations] == [(2, 3)]
    assert seen[0] is seen[1] and seen[2] is not seen[0]
    found = list(nodes(seen[0]))
    assert len(found) > 5
    for node in found:
        assert node.loc is not None and node.loc.end > node.loc.start
        assert node.loc.start_token is None and node.loc.end_token is None


async def test_a_text_that_does_not_parse_is_refused_each_time_with_its_location() -> None:
    schema = build_schema()
    for _ in range(2):
        result = await schema.execute("{ vendors(")
        assert result.errors and result.errors[0].extensions == {"code": "GRAPHQL_PARSE_FAILED"}
        # Where the text ends, as graphql-core says it; the gateway's code keeps it.
        assert result.errors[0].formatted["locations"] == [{"line": 1, "column": 11}]
