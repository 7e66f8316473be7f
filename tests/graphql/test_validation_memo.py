"""Validation remembered by document text (schema/validation_cache.py): the same answer
the second time, coded as the first, and each schema's own rules."""

from __future__ import annotations

from schema import build_schema

INTROSPECT = "{ __schema { queryType { name } } }"


async def test_a_repeated_invalid_document_gets_the_same_coded_errors() -> None:
    schema = build_schema()
    results = [await schema.execute("{ nope }") for _ in range(2)]
    for result in results:
        assert result.data is None and result.errors
        assert result.errors[0].extensions == {"code": "GRAPHQL_VALIDATION_FAILED"}
        assert "nope" in result.errors[0].message
    # And a different text is validated on its own.
    other = await schema.execute("{ nope2 }")
    assert other.errors and "nope2" in other.errors[0].message


async def test_each_schema_validates_with_its_own_rules() -> None:
    open_schema, closed = build_schema(), build_schema(introspection=False)
    for _ in range(2):
        assert (await open_schema.execute(INTROSPECT)).errors is None
        refused = await closed.execute(INTROSPECT)
        assert refused.errors, "introspection should be refused where it is off"
