"""OData resource paths as BC spells them: `companies({id})/purchaseInvoices({id})/vendor`.

The API root is `/v2.0/{tenant}/{environment}/api/v2.0` or, with the tenant
taken from the token, `/v2.0/{environment}/api/v2.0`.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import unquote

from sandbox.errors import ODataError, bad_request, not_found_segment

_SEGMENT = re.compile(r"^(?P<name>[A-Za-z_$][A-Za-z0-9_.$]*)(?:\((?P<key>[^()]*)\))?$")


@dataclass(frozen=True)
class Segment:
    name: str
    key: str | None = None


@dataclass(frozen=True)
class ApiRoot:
    tenant: str | None  # None: take the tenant from the token
    environment: str
    api_path: str  # everything after `api/v2.0`, without the leading slash


def split_root(rest: str) -> ApiRoot:
    """`rest` is the URL path after `/v2.0/`."""
    parts = rest.split("/")
    if len(parts) >= 3 and parts[1] == "api" and parts[2] == "v2.0":
        return ApiRoot(None, parts[0], "/".join(parts[3:]))
    if len(parts) >= 4 and parts[2] == "api" and parts[3] == "v2.0":
        return ApiRoot(parts[0], parts[1], "/".join(parts[4:]))
    raise ODataError(
        404, "BadRequest_NotFound", "The requested API route was not found. Check the URL."
    )


def parse_segments(api_path: str) -> list[Segment]:
    """Split into segments; keys stay raw text (a GUID, or a quoted string)."""
    segments = []
    for raw in _split(api_path):
        text = unquote(raw)
        m = _SEGMENT.match(text)
        if m is None:
            raise ODataError(400, "BadRequest_NotFound", "Bad Request - Error in query syntax.")
        segments.append(Segment(m.group("name"), m.group("key")))
    return segments


def _split(path: str) -> list[str]:
    # A quoted key may contain '/', so only split outside quotes and parentheses.
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(path):
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        elif ch == "/" and depth == 0 and not quoted:
            parts.append(path[start:i])
            start = i + 1
    parts.append(path[start:])
    return [p for p in parts if p]


def guid_key(segment: Segment) -> str:
    """Entity keys are bare GUIDs; `id=` form accepted as OData allows."""
    key = segment.key or ""
    if key.startswith("id="):
        key = key[3:]
    try:
        return str(uuid.UUID(key))
    except ValueError:
        raise bad_request(
            f"Invalid format of GUID string: '{key}'.", code="Application_InvalidGUID"
        ) from None


def string_key(segment: Segment) -> str:
    key = segment.key or ""
    if len(key) >= 2 and key[0] == key[-1] == "'":
        return key[1:-1].replace("''", "'")
    raise not_found_segment(f"{segment.name}({key})")
