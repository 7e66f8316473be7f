"""An extension: every limit on one operation's document, in one extension, with what it
measured remembered per document.

What it enforces is the parts': characters and tokens (tokens.py), nesting depth and
aliases (shape.py), the overlap rule's budget (overlap.py) and the estimated cost
(cost.py). One extension rather than four because Strawberry prepares every extension's
hooks again for each operation and phase: four of them cost more than the checks. The
shape of a document is a function of its text, and its cost of its text, the operation
chosen and the integers among the variables: both are measured once per document (and
variables' shape for the cost) and kept in a bounded memo, so a repeated operation pays a
dictionary lookup. The memo belongs to the app (limit_extensions makes it), never to the
module.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import Any

from graphql import DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema
from graphql.validation import ASTValidationRule, OverlappingFieldsCanBeMergedRule
from strawberry.extensions import SchemaExtension

from gateway.errors import QueryTooComplex
from gateway.limits.config import LimitsConfig
from gateway.limits.cost import operation_cost
from gateway.limits.shape import Shape, check, measure
from gateway.limits.tokens import too_long, with_limit_message
from gateway.lru import LRU

# Documents (and variables' shapes) remembered; least recently used goes first.
MEMO_ENTRIES = 1024

_Rules = tuple[type[ASTValidationRule], ...]


class DocumentMemo:
    """What the limits measured, per document, for one app: shapes by document text, costs
    by text, operation and variables' shape, and the validation rules with the budgeted
    overlap rule in place of graphql-core's."""

    def __init__(
        self,
        overlap: type[OverlappingFieldsCanBeMergedRule],
        max_entries: int = MEMO_ENTRIES,
    ) -> None:
        self.overlap = overlap
        self.shapes: LRU[Shape] = LRU(max_entries)
        self.costs: LRU[int] = LRU(max_entries)
        self._rules: tuple[_Rules, _Rules] | None = None

    def rules(self, given: _Rules) -> _Rules:
        # Strawberry hands every operation the same tuple: swapped once, then reused.
        known = self._rules
        if known is not None and known[0] == given:
            return known[1]
        swapped = tuple(
            self.overlap if rule is OverlappingFieldsCanBeMergedRule else rule for rule in given
        )
        self._rules = (given, swapped)
        return swapped


def cost_key(
    query: str, operation_name: str | None, variables: Mapping[str, Any] | None
) -> Hashable:
    """Everything the cost estimate reads: the document, the operation, and each variable's
    integer value (a page size) or only its type (any other value counts as a page of 1)."""
    shape = tuple(
        sorted(
            (name, value if isinstance(value, int) else type(value).__name__)
            for name, value in (variables or {}).items()
        )
    )
    return (query, operation_name, shape)


class CostLimit:
    """The estimated-cost limit of one app: what the extension checks before execution, and
    what the prepared path (gateway/prepared.py) checks for an operation it answers itself.
    Costs are remembered in the app's memo."""

    def __init__(self, config: LimitsConfig, memo: DocumentMemo) -> None:
        self.max_cost = config.max_cost
        self._memo = memo

    def refusal(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        query: str | None,
        operation_name: str | None,
        variables: Mapping[str, Any] | None,
    ) -> GraphQLError | None:
        key = cost_key(query, operation_name, variables) if query is not None else None
        cost = self._memo.costs.get(key) if key is not None else None
        if cost is None:
            cost = operation_cost(schema, document, operation_name, variables)
            if key is not None:
                self._memo.costs.put(key, cost)
        if cost <= self.max_cost:
            return None
        return GraphQLError(
            f"This operation's estimated cost is {cost}; the limit is "
            f"{self.max_cost}. Ask for smaller pages (first) or fewer fields.",
            extensions={"code": QueryTooComplex.code, "cost": cost},
        )


class DocumentLimits(SchemaExtension):
    def __init__(self, config: LimitsConfig, memo: DocumentMemo, cost: CostLimit) -> None:
        super().__init__()
        self._config = config
        self._memo = memo
        self._cost = cost

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = self._config.max_tokens
        context.validation_rules = self._memo.rules(context.validation_rules)
        try:
            yield
        except GraphQLError as error:
            # A syntax error escapes through DocumentCache's hook (tokens.py).
            with_limit_message(error, self._config.max_tokens)
            raise

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        config = self._config
        if query is not None and (refused := too_long(query, config.max_document_chars)):
            # Raised here, Strawberry answers with this error and never parses.
            raise refused
        yield
        for error in context.pre_execution_errors or ():
            with_limit_message(error, config.max_tokens)
        document = context.graphql_document
        if document is None:
            return
        shape = self._memo.shapes.get(query) if query is not None else None
        if shape is None:
            shape = measure(document)
            if query is not None:
                self._memo.shapes.put(query, shape)
        refused = check(shape, config.max_depth, config.max_aliases)
        if refused is not None:
            # Raised here, Strawberry answers with this error and never validates.
            raise refused

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.result is None:
            refused = self._cost.refusal(
                context.schema._schema,
                document,
                context.query,
                context.operation_name,
                context.variables,
            )
            if refused is not None:
                # A result set before execution is what Strawberry returns instead of running.
                context.result = ExecutionResult(data=None, errors=[refused])
        yield
