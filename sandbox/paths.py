"""OData resource paths as BC spells them: `companies({id})/purchaseInvoices({id})/vendor`.

The API root is `/v2.0/{tenant}/{environment}/api/v2.0` or, with the tenant
taken from the token, `/v2.0/{environment}/api/v2.0`; a custom API's is
`…/api/{publisher}/{group}/{version}` instead of `…/api/v2.0`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from bcmodel import STANDARD_ROUTE, Route
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
    api_path: str  # everything after `api/{route}`, without the leading slash
    route: Route = STANDARD_ROUTE


def split_root(rest: str, routes: Iterable[Route] = (STANDARD_ROUTE,)) -> ApiRoot:
    """`rest` is the URL path after `/v2.0/`; `routes` are the APIs served."""
    parts = rest.split("/")
    for route in routes:
        head = ["api", *route.path.split("/")]
        # After the environment, or after the tenant and the environment.
        for start in (1, 2):
            if parts[start : start + len(head)] == head:
                tenant = parts[0] if start == 2 else None
                api_path = "/".join(parts[start + len(head) :])
                return ApiRoot(tenant, parts[start - 1], api_path, route)
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
