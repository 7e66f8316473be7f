"""An extension: each document's validation errors, remembered by the document's text.

Strawberry's own ValidationCache keys its cache on the parsed document, and hashing a
document walks its whole tree: about 25 us for Q1 on every request, more than the rest of
the lookup. A document's validation depends only on its text (the parser cache hands out
one document per text and parse options, and the token limit is one per app), the schema
and the rules, so the text and the rules key it here; Python keeps a string's hash. The
memo belongs to the schema build_schema makes (bounded, least recently used first).

The same error objects come back for the same document, as from Strawberry's cache:
ErrorCodes gives them their code in place (schema/errors.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from gateway.lru import LRU


class ValidationMemo(SchemaExtension):
    def __init__(self, memo: LRU[list[GraphQLError]]) -> None:
        super().__init__()
        self._memo = memo

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query, rules = context.query, context.validation_rules
        key = (query, rules)
        errors = self._memo.get(key) if query is not None else None
        if errors is None:
            document = context.graphql_document
            if document is None:  # pragma: no cover - Strawberry validates parsed documents
                raise RuntimeError("validation without a parsed document")
            errors = validate_document(context.schema._schema, document, rules)
            if query is not None:
                self._memo.put(key, errors)
        context.pre_execution_errors = errors
        yield
