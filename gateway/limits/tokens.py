"""A document longer than so many characters is refused before parsing, and one of more
than so many lexical tokens while parsing (the checks document.py's extension runs).

graphql-core lexes in Python, about 7 us a token and 0.2 us a character of a string
literal here, and validating costs about as much again per token: both limits together
keep the work any document can cause to a few tens of milliseconds. graphql-core stops
lexing at `max_tokens`, so a megabyte of `{a a a ...}` costs no more than the limit. Its
syntax error is then given the gateway's code and a plainer message.
The error takes one of two routes, both handled: through the parse cache's hook
(schema/document_cache.py) it escapes the operation as an exception; through Strawberry's
own parse it lands in the parse errors.
"""

from __future__ import annotations

from graphql import GraphQLError

from gateway.errors import QueryTooComplex

# graphql-core's wording when max_tokens is reached (tests pin it).
_ABORTED = "tokens. Parsing aborted."


def too_long(query: str, max_chars: int) -> GraphQLError | None:
    """The refusal of a document longer than `max_chars`, before it is parsed."""
    if len(query) <= max_chars:
        return None
    return GraphQLError(
        f"The document is {len(query)} characters long; the limit is "
        f"{max_chars}. Pass large values as variables.",
        extensions={"code": QueryTooComplex.code, "maxChars": max_chars},
    )


def with_limit_message(error: GraphQLError, max_tokens: int) -> None:
    """graphql-core's syntax error for a document past `max_tokens`, given the gateway's
    code and a plainer message (in place: the parser cache may hand out the same error)."""
    if error.message.endswith(_ABORTED):
        error.message = f"The document has more than {max_tokens} tokens, the limit."
        error.extensions = {"code": QueryTooComplex.code, "maxTokens": max_tokens}
