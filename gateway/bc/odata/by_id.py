"""By-id lookups: `id eq a or id eq b …` filters, chunked so that each fits one URL.

The parameters are a plain dict for httpx, which percent-encodes them; a URL's length is
therefore measured with httpx's own encoder, so the budget is exact.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import httpx

from gateway.bc.odata.expressions import Expr, or_, prop
from gateway.errors import BadUserInput

__all__ = ["chunked_ids_filter", "encoded_length"]


def encoded_length(params: dict[str, str]) -> int:
    """Length of the query string httpx will send for `params` (without the `?`)."""
    return len(str(httpx.QueryParams(params)))


def chunked_ids_filter(
    ids: Iterable[str | uuid.UUID],
    max_url_len: int,
    *,
    field: str = "id",
    base_len: int = 0,
) -> list[Expr]:
    """`id eq a or id eq b …` filters, each short enough for one URL.

    `base_len` is the length of the URL without `$filter` (root, path, `?`, other options);
    each chunk keeps `base_len + len("&$filter=…")` within `max_url_len`. `or` on one field
    is what BC allows. Duplicate ids are sent once; invalid ones raise BadUserInput.
    """
    target = prop(field)
    terms: list[Expr] = []
    sizes: list[int] = []
    for value in dict.fromkeys(_guid_value(i) for i in ids):
        term = target.eq(value)
        terms.append(term)
        # Each term costs its own encoded text plus an encoded " or " between terms;
        # measured with httpx's encoder, so the sum is exact.
        sizes.append(encoded_length({"f": term._render()}) - 2)
    separator = encoded_length({"f": " or "}) - 2
    budget = max_url_len - base_len - len("&$filter=") - 2  # "$" is encoded as %24
    chunks: list[Expr] = []
    current: list[Expr] = []
    used = 0
    for term, size in zip(terms, sizes, strict=True):
        extra = size + (separator if current else 0)
        if current and used + extra > budget:
            chunks.append(or_(*current))
            current, used, extra = [], 0, size
        if size > budget:
            raise BadUserInput("The URL budget is too small for even one id.")
        current.append(term)
        used += extra
    if current:
        chunks.append(or_(*current))
    return chunks


def _guid_value(value: str | uuid.UUID) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        if not isinstance(value, str) or len(value) != 36:
            raise ValueError
        return uuid.UUID(value)
    except ValueError:
        shown = repr(value)[:60]
        raise BadUserInput(f"{shown} is not a valid GUID.") from None
