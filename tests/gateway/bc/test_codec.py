"""BC's JSON decoded with exact decimals (gateway/bc/codec.py): msgspec's decode gives what
the stdlib's parser with `parse_float=Decimal` gives, for any body, and where msgspec
refuses what the stdlib takes, the stdlib answers."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.bc.codec import decode_json

STDLIB = json.JSONDecoder(parse_float=Decimal)

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.floats(allow_nan=False, allow_infinity=False),
)
values = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, st.text()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)


def as_json(value: Any) -> str:
    # Decimals printed as BC prints numbers: their own digits, exponents included.
    if isinstance(value, Decimal):
        return str(value) if "." in str(value) or "E" in str(value) else str(value) + ".0"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{as_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(as_json(v) for v in value) + "]"
    return json.dumps(value)


@given(values)
def test_any_body_decodes_as_the_stdlib_decodes_it(value: Any) -> None:
    text = as_json(value)
    expected = STDLIB.decode(text)
    for content in (text, text.encode()):
        decoded = decode_json(content)
        assert decoded == expected
        assert repr(decoded) == repr(expected)  # Decimal('1.50') stays 1.50, not 1.5


@pytest.mark.parametrize(
    "text", ['"\\ud800"', '{"a": NaN}', "[Infinity, -Infinity]", '{"a": 1, "a": 2.50}']
)
def test_what_msgspec_refuses_the_stdlib_decodes(text: str) -> None:
    assert repr(decode_json(text.encode())) == repr(STDLIB.decode(text))


@pytest.mark.parametrize("text", ['{"a":', "", '{"a": 1} x', "[1,]"])
def test_a_malformed_body_is_a_value_error_as_before(text: str) -> None:
    with pytest.raises(ValueError):
        decode_json(text.encode())
