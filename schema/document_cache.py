"""An extension: each document's parse, remembered by its text and the parse options.

In place of Strawberry's ParserCache, whose cache lives in Strawberry's module, shared by
every schema in the process: this one belongs to the schema build_schema makes (bounded,
least recently used first), as the validation memo does, so two apps in one process
share nothing.

A subscription's document is parsed once per subscriber, not per request, and held by
nothing once its subscriber is following (gateway/ws/fanout.py): those go to a cache of
their own, smaller, so that a thousand subscribers with a thousand different documents
do not keep 512 of them parsed (about 13 KB each) for reads that will not come, while
the sockets that send one document together still parse it once.

A text that does not parse raises from here, as from ParserCache, and is not
remembered.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode, OperationDefinitionNode, OperationType, parse
from strawberry.extensions import SchemaExtension

from gateway.lru import LRU


class DocumentCache(SchemaExtension):
    def __init__(self, documents: LRU[DocumentNode], subscriptions: LRU[DocumentNode]) -> None:
        super().__init__()
        self._documents = documents
        self._subscriptions = subscriptions

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query:
            options = context.parse_options
            key = (query, *sorted(options.items())) if options else query
            document = self._documents.get(key) or self._subscriptions.get(key)
            if document is None:
                document = parse(query, **options)
                kept = self._subscriptions if _subscribes(document) else self._documents
                kept.put(key, document)
            context.graphql_document = document
        yield


def _subscribes(document: DocumentNode) -> bool:
    """Whether every operation in the document is a subscription."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return bool(operations) and all(o.operation is OperationType.SUBSCRIPTION for o in operations)
