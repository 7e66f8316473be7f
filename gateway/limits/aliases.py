"""A validation rule: at most so many aliased fields in one document.

Aliases let one request ask for the same expensive root field many times over (`a: vendors
b: vendors ...`); depth and cost catch deep or wide selections, this catches repetition.
"""

from __future__ import annotations

from typing import Any

from graphql import DocumentNode, FieldNode, GraphQLError, ValidationRule, visit
from graphql.language import Visitor

from gateway.errors import QueryTooComplex


class _CountAliases(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.alias is not None:
            self.count += 1


def alias_rule(max_aliases: int) -> type[ValidationRule]:
    """The rule class for this limit; make it once per app, so validation caching works."""

    class AliasLimit(ValidationRule):
        def enter_document(self, node: DocumentNode, *_args: Any) -> None:
            counter = _CountAliases()
            visit(node, counter)
            if counter.count > max_aliases:
                self.report_error(
                    GraphQLError(
                        f"The document has {counter.count} aliases; the limit is {max_aliases}.",
                        extensions={"code": QueryTooComplex.code, "aliases": counter.count},
                    )
                )

    return AliasLimit
