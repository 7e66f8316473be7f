"""A schema that does not describe itself: introspection refused, and no "Did you mean
...?" in error messages, which would name fields, arguments, types and enum values one
guess at a time. Each error still says what is wrong.

graphql-core 3.3 can hide suggestions (`hide_suggestions`) in validation and in the
coercion of variables at execution, but Strawberry passes it to neither: a validation
rule turns it on for the document being validated, and an executor class for execution.
Both classes are made once, here: the validation cache keys on the rule classes.
"""

from __future__ import annotations

from typing import Any

from graphql import ASTValidationRule, ValidationContext, ValidationRule
from graphql.validation import NoSchemaIntrospectionCustomRule

from schema.plain_fields import PlainLeafExecutor


class HideSuggestions(ValidationRule):
    """Visits nothing: it only tells the other rules, which share its context, to leave
    suggestions out. graphql-core reads the flag as they report, after every rule exists."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        context._hide_suggestions = True  # what validate(hide_suggestions=True) would set


HIDDEN_SCHEMA_RULES: list[type[ASTValidationRule]] = [
    NoSchemaIntrospectionCustomRule,
    HideSuggestions,
]


class QuietExecutor(PlainLeafExecutor):
    """Variables are coerced when execution starts: their errors leave suggestions out."""

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        return super().build(*args, **{**kwargs, "hide_suggestions": True})
