"""graphql-core's "overlapping fields can be merged" rule, with a budget sized for a gateway.

The rule compares every pair of fields that answer under the same name in one selection
set, and their sub-selections pair by pair, so a document that repeats one field hundreds
of times (`{ vendors { nodes { id } } vendors { nodes { id } } ... }`, no aliases needed)
costs quadratic work. graphql-core meters that work and aborts past 500,000 units, about
1.5 s of CPU here. A full application page of colocated fragments spends under 1,000
units, so this budget leaves ample room and aborts a hostile document within a few
milliseconds, as a QUERY_TOO_COMPLEX refusal rather than graphql-core's bare message.
"""

from __future__ import annotations

from typing import Any

from graphql import ValidationContext
from graphql.validation import OverlappingFieldsCanBeMergedRule
from graphql.validation.validate import ValidationAbortedError

from gateway.errors import QueryTooComplex

# Units of graphql-core's complexity budget for the rule, per document.
OVERLAP_BUDGET = 10_000


def overlap_rule(budget: int = OVERLAP_BUDGET) -> type[OverlappingFieldsCanBeMergedRule]:
    """The rule class with this budget; make it once per app, so validation caching works."""

    class BudgetedOverlap(OverlappingFieldsCanBeMergedRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.rule_context.remaining_complexity_budget = budget

        def enter_selection_set(self, *args: Any) -> None:
            try:
                super().enter_selection_set(*args)
            except ValidationAbortedError:
                # Raised as graphql-core's own abort, so validation stops here too.
                raise ValidationAbortedError(
                    "The document repeats fields under the same name too often to check "
                    "that they merge; send each field once.",
                    extensions={"code": QueryTooComplex.code},
                ) from None

    return BudgetedOverlap
