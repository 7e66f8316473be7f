"""JSON to and from BC, with Edm.Decimal kept exact.

Decoding: the stdlib parser with `parse_float=Decimal`, so 3310.17 arrives as
Decimal('3310.17') and never as the float nearest to it. orjson is about 3x faster but
float-only, and repairing floats afterwards is neither exact (BC keeps up to 18 significant
digits, a float 15-17) nor cheaper than parsing right. Integers stay int: they are exact, and
an Edm.Decimal that BC prints as `0` or `4` converts to Decimal without loss. (msgspec's
`float_hook=Decimal` measured ~2x faster than the stdlib here; see bench/bc_client.py.)

Encoding: orjson when the body has no Decimal (the common case), else a small encoder that
prints each Decimal as a plain JSON number.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson

__all__ = ["decode_body", "decode_json", "encode_json"]

_DECODER = json.JSONDecoder(parse_float=Decimal)


def decode_json(content: bytes | str) -> Any:
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    return _DECODER.decode(text)


def decode_body(content: bytes, content_type: str | None) -> Any:
    """A response body: parsed JSON, text for text/plain (`$count`), None when empty."""
    if not content:
        return None
    if content_type and "json" in content_type.lower():
        return decode_json(content)
    return content.decode("utf-8", errors="replace")


def encode_json(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:
        # orjson refuses Decimal; only then walk the body ourselves.
        return _encode(value).encode("utf-8")


def _encode(value: Any) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"{value} cannot be sent to BC as a number")
        # Plain digits for every decimal BC can hold; beyond that BC refuses it anyway, and
        # str() keeps the exponent instead of printing all its zeros.
        return format(value, "f") if abs(value.adjusted()) <= 40 else str(value)
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be strings, not {type(key).__name__}")
            items.append(orjson.dumps(key).decode() + ":" + _encode(item))
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_encode(item) for item in value) + "]"
    if isinstance(value, str | bool | int | float | uuid.UUID | date | datetime) or value is None:
        return orjson.dumps(value).decode()
    raise TypeError(f"{type(value).__name__} cannot be sent to BC as JSON")
