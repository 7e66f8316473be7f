"""OData system query options: parsing `$select`, `$expand` (with nested options), `$orderby`,
`$top`, `$skip`, `$count`, `$skiptoken`, `$schemaversion`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bcmodel import Entity, Registry
from sandbox.errors import ODataError, bad_request

KNOWN = frozenset(
    {
        "$select",
        "$expand",
        "$filter",
        "$orderby",
        "$top",
        "$skip",
        "$count",
        "$skiptoken",
        "$schemaversion",
        "$format",
    }
)


@dataclass(frozen=True)
class OrderKey:
    field: str
    descending: bool = False


@dataclass(frozen=True)
class Expand:
    navigation: str
    options: QueryOptions


@dataclass(frozen=True)
class QueryOptions:
    select: tuple[str, ...] | None = None
    expand: tuple[Expand, ...] = ()
    filter: str | None = None
    orderby: tuple[OrderKey, ...] = ()
    top: int | None = None
    skip: int = 0
    count: bool = False
    skiptoken: str | None = None  # sandbox/skiptokens.py
    schema_version: str = "2.0"
    extra: Mapping[str, str] = field(default_factory=dict)


def parse_options(params: Mapping[str, str], entity: Entity, entities: Registry) -> QueryOptions:
    unknown = [k for k in params if k.startswith("$") and k not in KNOWN]
    if unknown:
        raise bad_request(
            f"The query parameter '{unknown[0]}' is not supported.", "BadRequest_NotSupported"
        )
    return _build(params, entity, params.get("$schemaversion", "2.0"), entities)


def _build(
    params: Mapping[str, str], entity: Entity, schema_version: str, entities: Registry
) -> QueryOptions:
    if schema_version not in ("1.0", "2.0", "2.1"):
        raise bad_request(f"The schema version '{schema_version}' is not supported.")
    select = None
    if "$select" in params:
        names = tuple(n.strip() for n in params["$select"].split(",") if n.strip())
        for name in names:
            if name != "*" and entity.field(name) is None and entity.nav(name) is None:
                raise _no_property(name, entity)
        # OData allows navigation properties in $select (BC's OData stack accepts them);
        # they add nothing unless expanded, so only structural properties are kept.
        select = None if "*" in names else tuple(n for n in names if entity.field(n) is not None)
    expand = tuple(
        _expand_item(item, entity, schema_version, entities)
        for item in split_top(params.get("$expand", ""), ",")
        if item.strip()
    )
    orderby = tuple(_order_key(part, entity) for part in split_top(params.get("$orderby", ""), ","))
    filter_text = params.get("$filter")
    if filter_text is not None and not filter_text.strip():
        filter_text = None
    return QueryOptions(
        select=select,
        expand=expand,
        filter=filter_text,
        orderby=orderby,
        top=_non_negative(params, "$top"),
        skip=_non_negative(params, "$skip") or 0,
        count=_boolean(params.get("$count")),
        skiptoken=params.get("$skiptoken"),
        schema_version=schema_version,
    )


def _expand_item(text: str, entity: Entity, schema_version: str, entities: Registry) -> Expand:
    text = text.strip()
    name, _, rest = text.partition("(")
    name = name.strip()
    nav = entity.nav(name)
    if nav is None:
        raise _no_property(name, entity)
    target = entities.in_route(entity.route, nav.target)
    if target is None:  # pragma: no cover - the model names only known sets
        raise _no_property(name, entity)
    nested: dict[str, str] = {}
    if rest:
        if not rest.endswith(")"):
            raise _syntax()
        for part in split_top(rest[:-1], ";"):
            key, eq, value = part.partition("=")
            key = key.strip()
            if not eq or key not in KNOWN:
                raise _syntax()
            nested[key] = value
    return Expand(name, _build(nested, target, schema_version, entities))


def _order_key(text: str, entity: Entity) -> OrderKey:
    words = text.split()
    if not words or len(words) > 2:
        raise _syntax()
    if entity.field(words[0]) is None:
        raise _no_property(words[0], entity)
    direction = words[1].lower() if len(words) == 2 else "asc"
    if direction not in ("asc", "desc"):
        raise _syntax()
    return OrderKey(words[0], direction == "desc")


def split_top(text: str, sep: str) -> list[str]:
    """Split on `sep` outside parentheses and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(text):
        if ch == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _non_negative(params: Mapping[str, str], name: str) -> int | None:
    raw = params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(f"Invalid value '{raw}' for {name}: an integer is expected.") from None
    if value < 0:
        raise bad_request(f"Invalid value '{raw}' for {name}: it must not be negative.")
    return value


def _boolean(raw: str | None) -> bool:
    if raw is None:
        return False
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise bad_request(f"Invalid value '{raw}' for $count: true or false is expected.")


def _no_property(name: str, entity: Entity) -> ODataError:
    return ODataError(
        400,
        "BadRequest_NotFound",
        f"Could not find a property named '{name}' on type 'Microsoft.NAV.{entity.name}'.",
    )


def _syntax() -> ODataError:
    return ODataError(400, "BadRequest_NotFound", "Bad Request - Error in query syntax.")
