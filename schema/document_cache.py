"""An extension: each document's parse, remembered by its text and the parse options.

In place of Strawberry's ParserCache, whose cache lives in Strawberry's module, shared by
every schema in the process: this one belongs to the schema build_schema makes (bounded,
least recently used first), as the validation memo does, so two apps in one process
share nothing.

A text that does not parse raises from here, as from ParserCache, and is not
remembered.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode, parse
from strawberry.extensions import SchemaExtension

from gateway.lru import LRU


class DocumentCache(SchemaExtension):
    def __init__(self, documents: LRU[DocumentNode]) -> None:
        super().__init__()
        self._documents = documents

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query:
            options = context.parse_options
            key = (query, *sorted(options.items())) if options else query
            document = self._documents.get(key)
            if document is None:
                document = parse(query, **options)
                self._documents.put(key, document)
            context.graphql_document = document
        yield
