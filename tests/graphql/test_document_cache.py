"""Parsed documents remembered per schema by their text (schema/document_cache.py), and
errors located exactly, syntax errors included."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import aclosing

from graphql import DocumentNode
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from schema import build_schema

QUERY = "query Q { __typename\n  nope }"


def recording(seen: list[DocumentNode]) -> type[SchemaExtension]:
    """An extension that notes each operation's document as it is validated."""

    class Recording(SchemaExtension):
        def on_validate(self) -> Iterator[None]:
            document = self.execution_context.graphql_document
            assert document is not None
            seen.append(document)
            yield

    return Recording


async def test_a_document_is_parsed_once_per_schema() -> None:
    seen: list[DocumentNode] = []
    Recording = recording(seen)

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


async def test_subscription_documents_are_kept_apart_and_fewer() -> None:
    # A thousand subscribers with different documents would otherwise keep 512 of them
    # parsed; the cache of subscription documents holds 32, and reads keep their 512.
    seen: list[DocumentNode] = []
    Recording = recording(seen)

    schema = build_schema([Recording])

    async def subscribe(document: str) -> None:
        # Parsed and validated as the stream starts; the resolver then wants a user.
        stream = await schema.subscribe(document)
        assert not isinstance(stream, ExecutionResult)
        async with aclosing(stream):
            async for _ in stream:
                break

    read = "{ __typename }"
    subscriptions = [
        f"subscription S{n} {{ recordChanged(entities: [VENDOR]) {{ entity }} }}" for n in range(40)
    ]
    await schema.execute(read)
    for document in [*subscriptions, subscriptions[-1]]:
        await subscribe(document)
    await schema.execute(read)
    assert seen[-1] is seen[0]  # the read was not pushed out by 40 subscriptions
    assert seen[-2] is seen[-3]  # the same subscription text again: parsed once
    await subscribe(subscriptions[0])
    assert seen[-1] is not seen[1]  # 39 others since: that one was forgotten
