"""Parsed documents remembered per schema by their text (schema/document_cache.py), and
errors located exactly, syntax errors included."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode
from strawberry.extensions import SchemaExtension

from schema import build_schema

QUERY = "query Q { __typename\n  nope }"


async def test_a_document_is_parsed_once_per_schema() -> None:
    seen: list[DocumentNode] = []

    class Recording(SchemaExtension):
        def on_validate(self) -> Iterator[None]:
            document = self.execution_context.graphql_document
            assert document is not None
            seen.append(document)
            yield

    one, other = build_schema([Recording]), build_schema([Recording])
    for schema in (one, one, other):
        result = await schema.execute(QUERY)
        assert result.errors and result.errors[0].locations is not None
        assert [(loc.line, loc.column) for loc in result.errors[0].locations] == [(2, 3)]
    assert seen[0] is seen[1] and seen[2] is not seen[0]


async def test_a_text_that_does_not_parse_is_refused_each_time_with_its_location() -> None:
    schema = build_schema()
    for _ in range(2):
        result = await schema.execute("{ vendors(")
        assert result.errors and result.errors[0].extensions == {"code": "GRAPHQL_PARSE_FAILED"}
        # Where the text ends, as graphql-core says it; the gateway's code keeps it.
        assert result.errors[0].formatted["locations"] == [{"line": 1, "column": 11}]
