"""An extension: a document longer than so many characters is refused before parsing, and
one of more than so many lexical tokens while parsing.

graphql-core lexes in Python, about 7 us a token and 0.2 us a character of a string
literal here, and validating costs about as much again per token: both limits together
keep the work any document can cause to a few tens of milliseconds. graphql-core stops
lexing at `max_tokens`, so a megabyte of `{a a a ...}` costs no more than the limit. Its
syntax error is then given the gateway's code and a plainer message.
The error takes one of two routes, both handled: through ParserCache's hook it escapes the
operation as an exception; through Strawberry's own parse it lands in the parse errors.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from gateway.errors import QueryTooComplex

# graphql-core's wording when max_tokens is reached (tests pin it).
_ABORTED = "tokens. Parsing aborted."


class TokenLimit(SchemaExtension):
    def __init__(self, max_tokens: int, max_chars: int) -> None:
        super().__init__()
        self._max = max_tokens
        self._max_chars = max_chars

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = self._max
        try:
            yield
        except GraphQLError as error:
            self._relabel(error)
            raise

    def on_parse(self) -> Iterator[None]:
        query = self.execution_context.query
        if query is not None and len(query) > self._max_chars:
            # Raised here, Strawberry answers with this error and never parses.
            raise GraphQLError(
                f"The document is {len(query)} characters long; the limit is "
                f"{self._max_chars}. Pass large values as variables.",
                extensions={"code": QueryTooComplex.code, "maxChars": self._max_chars},
            )
        yield
        for error in self.execution_context.pre_execution_errors or ():
            self._relabel(error)

    def _relabel(self, error: GraphQLError) -> None:
        if error.message.endswith(_ABORTED):
            error.message = f"The document has more than {self._max} tokens, the limit."
            error.extensions = {"code": QueryTooComplex.code, "maxTokens": self._max}
