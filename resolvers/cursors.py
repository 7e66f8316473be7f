"""Cursors: a row's place in its list, given by the values of the list's sort keys, and
signed so that a client can hold it but not forge or move it.

A cursor is `base64url(JSON).base64url(MAC)`. The JSON holds the sort key values of the
row and three short digests: of the user, of the company and of the list (its path, filter
and order). The MAC (HMAC-SHA256 with a key derived from the gateway's encryption keys)
covers all of it, so a changed byte is refused, and a cursor shown to another user, company
or list is refused by name. Values are shown in the clear: they are the row's own fields,
which whoever holds the cursor has read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gateway.errors import BadUserInput

_PURPOSE = b"bcgraph cursors v1"
_MAC_BYTES = 16
_DIGEST_BYTES = 6


@dataclass(frozen=True)
class CursorKeys:
    """The keys cursors are signed with: the first signs, each verifies (key rotation)."""

    keys: tuple[bytes, ...]

    @classmethod
    def derive(cls, secrets_: Sequence[str]) -> CursorKeys:
        """From the gateway's encryption keys (BCGRAPH_ENCRYPTION_KEYS), each turned into a
        key of its own purpose, so a cursor's MAC says nothing of the token cipher's key."""
        if not secrets_:
            raise ValueError("cursor keys need at least one secret")
        return cls(tuple(hmac.new(s.encode(), _PURPOSE, hashlib.sha256).digest() for s in secrets_))

    @classmethod
    def generate(cls) -> CursorKeys:
        """A key of one process's life: cursors die with it (for gateways with no
        encryption keys configured, and tests)."""
        return cls((secrets.token_bytes(32),))


@dataclass(frozen=True)
class Binding:
    """What a cursor belongs to: who read the list, in which company, and which list."""

    user: str
    company: str
    listing: str
    # The digests by key: every cursor of one page carries the same three (a page signs its
    # start and end cursors, and each edge's), so they are computed once per key.
    _digests: dict[bytes, dict[str, str]] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )

    def digests(self, key: bytes) -> dict[str, str]:
        known = self._digests.get(key)
        if known is None:
            known = self._digests[key] = {
                "u": _digest(key, b"u", self.user),
                "c": _digest(key, b"c", self.company),
                "q": _digest(key, b"q", self.listing),
            }
        return known


def encode(keys: CursorKeys, binding: Binding, values: Sequence[Any]) -> str:
    key = keys.keys[0]
    payload = json.dumps(
        {"k": list(values), **binding.digests(key)}, separators=(",", ":"), sort_keys=True
    ).encode()
    mac = hmac.digest(key, payload, "sha256")[:_MAC_BYTES]
    return f"{_b64(payload)}.{_b64(mac)}"


def decode(keys: CursorKeys, binding: Binding, cursor: str, width: int) -> list[Any]:
    """The sort key values `cursor` holds, once it is shown to be this gateway's, for this
    user, company and list; BAD_USER_INPUT naming what is wrong otherwise."""
    try:
        head, _, tail = cursor.partition(".")
        payload, mac = _unb64(head), _unb64(tail)
    except ValueError:
        raise _refused("is not a cursor this API issued") from None
    key = next(
        (
            k
            for k in keys.keys
            if hmac.compare_digest(hmac.digest(k, payload, "sha256")[:_MAC_BYTES], mac)
        ),
        None,
    )
    if key is None:
        raise _refused("was altered, or was not issued by this gateway")
    content = json.loads(payload)
    expected = binding.digests(key)
    if content.get("u") != expected["u"]:
        raise _refused("was issued to another user")
    if content.get("c") != expected["c"]:
        raise _refused("was issued for another company")
    values = content.get("k")
    if content.get("q") != expected["q"] or not isinstance(values, list) or len(values) != width:
        raise _refused(
            "was issued for another list: its filter, order or parent record differ from this one's"
        )
    return values


def _refused(why: str) -> BadUserInput:
    return BadUserInput(
        f"The `after` cursor {why}. Pass a cursor this list returned, or leave `after` out "
        "to start at the first row.",
        field="after",
    )


def _digest(key: bytes, kind: bytes, text: str) -> str:
    # hmac.digest: the one-shot form, the same bytes as hmac.new(...).digest(), in C.
    return _b64(hmac.digest(key, kind + b"\0" + text.encode(), "sha256")[:_DIGEST_BYTES])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    if not text:
        raise ValueError("empty")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise ValueError(str(error)) from None
