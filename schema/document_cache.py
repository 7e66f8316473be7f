"""An extension: each document's parse, remembered by its text and the parse options.

In place of Strawberry's ParserCache, for two reasons. Its cache lives in Strawberry's
module, shared by every schema in the process; this one belongs to the schema
build_schema makes (bounded, least recently used first), as the validation memo does.
And a parsed document keeps every token of its text alive: each node's location points
at its first and last token, and the tokens link to each other. Nothing reads them
after parsing (errors locate themselves by the location's offsets and source), so the
cached document lets them go: about 40% of a document's memory, which counts where many
subscribers each send a document of their own (docs/performance.md).

A text that does not parse raises from here, as from ParserCache, and is not
remembered.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode, Node, parse
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
                _drop_tokens(document)
                self._documents.put(key, document)
            context.graphql_document = document
        yield


def _drop_tokens(document: DocumentNode) -> None:
    """Cuts each location's links into the token chain, so the tokens can be freed."""
    pending: list[Node] = [document]
    while pending:
        node = pending.pop()
        loc = node.loc
        if loc is not None:
            loc.start_token = loc.end_token = None  # type: ignore[assignment]
        for key in node.keys:
            if key == "loc":
                continue
            value = getattr(node, key, None)
            if isinstance(value, Node):
                pending.append(value)
            elif isinstance(value, tuple | list):
                pending.extend(item for item in value if isinstance(item, Node))
