"""Checking and converting the JSON values a client writes, field by field, as BC does."""

from __future__ import annotations

import base64
import re
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from bcmodel import Edm, Entity, Field
from sandbox.errors import ODataError, bad_request, read_only_control

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STORED_MOMENT = re.compile(
    r"^(?P<second>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(?P<fraction>\d+)Z$"
)


def now_iso() -> str:
    """A moment as the sandbox stores it: fixed width (three fraction digits), so that
    stored moments order as text; `wire_moment` gives BC's form."""
    moment = datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def wire_moment(stored: str) -> str:
    """BC's JSON form of a stored Edm.DateTimeOffset: fraction digits only as far as they
    are not zero (`2024-01-17T11:24:26Z`, `2020-08-21T07:38:46.53Z`)."""
    found = _STORED_MOMENT.match(stored)
    if found is None:
        return stored
    fraction = found["fraction"].rstrip("0")
    return f"{found['second']}.{fraction}Z" if fraction else f"{found['second']}Z"


def today() -> date:
    return datetime.now(UTC).date()


def body_fields(
    entity: Entity,
    body: dict[str, Any],
    *,
    creating: bool,
    allow: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The writable fields of `body`, converted to wire form; `allow` names extra keys
    (deep-insert navigation) that the caller handles itself."""
    out: dict[str, Any] = {}
    for name, value in body.items():
        if name.startswith("@odata.") or name in allow:
            continue
        field = entity.field(name)
        if field is None:
            raise bad_request(
                f"The property '{name}' does not exist on type 'Microsoft.NAV.{entity.name}'. "
                "Make sure to only use property names that are defined by the type."
            )
        if field.stream:
            raise bad_request(
                f"The property '{name}' is a stream: it is not part of the record's JSON. "
                f"Write it with a PATCH of the raw content to the record's path plus /{name}."
            )
        if field.name == entity.key and creating:
            out[name] = convert(field, value)
            continue
        if field.ignored_on_write:
            continue
        if field.read_only:
            raise read_only_control(name)
        out[name] = convert(field, value)
    return out


def convert(field: Field, value: Any) -> Any:
    if value is None:
        raise _cannot_convert(value, field)
    t = field.type
    if t is Edm.STRING:
        if not isinstance(value, str):
            raise _cannot_convert(value, field)
        if field.max_length is not None and len(value) > field.max_length:
            raise ODataError(
                400,
                "Application_StringExceededLength",
                f"The length of the string is {len(value)}, but it must be less than or equal "
                f"to {field.max_length} characters. Value: {value}",
            )
        return value.upper() if field.code else value
    if t is Edm.GUID:
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            raise _cannot_convert(value, field) from None
    if t is Edm.DATE:
        if not isinstance(value, str) or not _DATE.match(value):
            raise _cannot_convert(value, field)
        try:
            date.fromisoformat(value)
        except ValueError:
            raise _cannot_convert(value, field) from None
        return value
    if t is Edm.DATETIME:
        if not isinstance(value, str):
            raise _cannot_convert(value, field)
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise _cannot_convert(value, field) from None
        return parsed.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if t is Edm.DECIMAL:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _cannot_convert(value, field)
        try:
            exact = Decimal(str(value))
        except InvalidOperation:
            raise _cannot_convert(value, field) from None
        if not exact.is_finite():
            raise _cannot_convert(value, field)
        return as_number(exact)
    if t in (Edm.INT32, Edm.INT64):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _cannot_convert(value, field)
        if t is Edm.INT32 and not -(2**31) <= value < 2**31:
            raise _cannot_convert(value, field)
        return value
    if t is Edm.BOOLEAN:
        if not isinstance(value, bool):
            raise _cannot_convert(value, field)
        return value
    if t is Edm.ENUM:
        assert field.enum is not None
        if not isinstance(value, str) or value not in field.enum.wire_values:
            raise _cannot_convert(value, field)
        return value
    raise _cannot_convert(value, field)  # pragma: no cover


def stream_bytes(row: dict[str, Any], name: str) -> bytes:
    """A stream field's content: rows keep it base64-encoded, as JSON can hold it."""
    return base64.b64decode(row.get(name) or "")


def stream_text(content: bytes) -> str:
    return base64.b64encode(content).decode("ascii")


def as_number(value: Decimal) -> int | float:
    """Decimals go on the wire as JSON numbers; floats repr-round-trip the 2-5 places BC keeps."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _cannot_convert(value: Any, field: Field) -> ODataError:
    type_name = field.enum.qualified_name if field.enum else field.type.value
    return bad_request(
        f"Cannot convert the literal '{value}' to the expected type '{type_name}' "
        f"for the property '{field.name}'."
    )
