"""JSON to and from BC, with Edm.Decimal kept exact.

Decoding: msgspec with `float_hook=Decimal`, so 3310.17 arrives as Decimal('3310.17')
(made from the number's own text) and never as the float nearest to it; about twice as
fast as the stdlib's parser with `parse_float=Decimal`, which was 6.6% of a Q1's CPU
(py-spy, bench/REPORT.md). orjson is faster still but float-only, and repairing floats
afterwards is neither exact (BC keeps up to 18 significant digits, a float 15-17) nor
cheaper than parsing right. Integers stay int: they are exact, and an Edm.Decimal that BC
prints as `0` or `4` converts to Decimal without loss. What msgspec refuses and the stdlib
takes (an escaped lone surrogate, NaN) goes to the stdlib, so every body decodes, or
fails, exactly as before.

Encoding: orjson when the body has no Decimal (the common case), else a small encoder that
prints each Decimal as a plain JSON number.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import msgspec
import orjson

__all__ = ["decode_body", "decode_json", "encode_json"]

# Both stateless, so shared.
_DECODER = msgspec.json.Decoder(float_hook=Decimal)
_STDLIB = json.JSONDecoder(parse_float=Decimal)


def decode_json(content: bytes | str) -> Any:
    try:
        return _DECODER.decode(content)
    except msgspec.DecodeError:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        return _STDLIB.decode(text)


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
