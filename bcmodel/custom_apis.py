"""Custom APIs: extensions' own API pages, at `api/{publisher}/{group}/{version}`, declared
in a JSON file (data, never code) that maps one to one onto Entity, Field and Relation.

`bcgraph import-api` writes such a file from the API's `$metadata` (bcmodel/csdl.py);
`BCGRAPH_CUSTOM_APIS` names the files the gateway loads at startup, and the sandbox
ships one (sandbox/custom/). A file states the route, the GraphQL prefix and the
entities; their GraphQL names follow from the prefix by one rule (`graphql_names`).

The naming rule, which keeps custom names apart from the standard ones: every GraphQL
name of a custom entity holds an underscore after its prefix (`Contoso_Shipment`,
`contoso_shipments`, `createContoso_Shipment`, `Contoso_ShipmentFilter`, the enum
`Contoso_ShipmentStatus`, the EntityKind member `CONTOSO__SHIPMENT`), and no standard
name holds one (EntityKind members hold single underscores between words, never two).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bcmodel.edm import Edm, EnumType, Field, decode_name
from bcmodel.model import Entity, GraphQL, Relation, Watch
from bcmodel.routes import Route

FORMAT = "bcgraph-custom-api/1"
# A GraphQL prefix: a capitalised name without underscores (the separator is added).
PREFIX = re.compile(r"[A-Z][A-Za-z0-9]{0,30}")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_ROUTE_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
_VERSION = re.compile(r"v[0-9]+\.[0-9]+(?:-[A-Za-z0-9]+)?")
# `parent`: a sub-page's records, whose changes BC notifies as their parent's.
_WATCHES = {"webhook": Watch.WEBHOOK, "none": Watch.NONE, "parent": Watch.PARENT}
_TYPES = {e.value: e for e in Edm if e is not Edm.ENUM}


class CustomApiError(ValueError):
    """A declaration file that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class CustomApi:
    route: Route
    prefix: str
    entities: tuple[Entity, ...]


def graphql_names(prefix: str, entity_name: str, entity_set: str) -> GraphQL:
    """A custom entity's GraphQL names: `{Prefix}_{Name}` for its type, `{prefix}_{set}`
    and `{prefix}_{name}` for its list and get fields (see the module docstring)."""
    lower = prefix[:1].lower() + prefix[1:]
    return GraphQL(
        type=f"{prefix}_{entity_name[:1].upper()}{entity_name[1:]}",
        list=f"{lower}_{entity_set}",
        get=f"{lower}_{entity_name}",
    )


def enum_graphql_name(prefix: str, enum_name: str) -> str:
    return f"{prefix}_{enum_name[:1].upper()}{enum_name[1:]}"


def load(path: Path) -> CustomApi:
    """A declaration file; CustomApiError (one line, naming the file) when unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CustomApiError(f"{path}: cannot be read ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CustomApiError(f"{path}: not a JSON file ({_one_line(error)})") from None
    return from_json(data, str(path))


def from_json(data: Any, where: str) -> CustomApi:
    try:
        return _api(data)
    except (KeyError, TypeError, ValueError) as error:
        detail = f"missing {error}" if isinstance(error, KeyError) else _one_line(error)
        raise CustomApiError(f"{where}: not a custom API declaration ({detail})") from None


def to_json(api: CustomApi) -> dict[str, Any]:
    """The file's content: names as BC has them, the prefix beside them."""
    enums: dict[str, EnumType] = {}
    for entity in api.entities:
        for f in entity.fields:
            if f.enum is not None:
                enums.setdefault(f.enum.name, f.enum)
    return {
        "format": FORMAT,
        "publisher": api.route.publisher,
        "group": api.route.group,
        "version": api.route.version,
        "graphqlPrefix": api.prefix,
        "enums": [
            {"name": e.name, "members": list(e.members), "description": e.description}
            for e in enums.values()
        ],
        "entities": [_entity_json(e) for e in api.entities],
    }


def _entity_json(entity: Entity) -> dict[str, Any]:
    watch = next(name for name, w in _WATCHES.items() if w is entity.watch)
    return {
        "name": entity.name,
        "entitySet": entity.entity_set,
        "key": entity.key,
        "title": entity.title,
        "description": entity.description,
        "insertable": entity.insertable,
        "updatable": entity.updatable,
        "deletable": entity.deletable,
        "watch": watch,
        **({"parent": entity.parent} if entity.parent is not None else {}),
        "required": list(entity.required),
        "fields": [_field_json(f) for f in entity.fields],
        "relations": [
            {
                "field": r.field,
                "target": r.target,
                "localKey": r.local_key,
                "remoteKey": r.remote_key,
                "many": r.many,
                "nav": r.nav,
                "contained": r.contained,
                "description": r.description,
                **({"created": r.created} if r.created else {}),
            }
            for r in entity.relations
        ],
    }


def _field_json(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": f.name,
        "type": f.enum.qualified_name if f.enum is not None else f.type.value,
    }
    if f.max_length is not None:
        out["maxLength"] = f.max_length
    out["readOnly"] = f.read_only
    out["description"] = f.description
    return out


def _api(data: Any) -> CustomApi:
    if not isinstance(data, Mapping):
        raise TypeError("the file holds no JSON object")
    if data.get("format") != FORMAT:
        raise ValueError(f"format is not {FORMAT!r}")
    route = Route(_part(data, "publisher"), _part(data, "group"), str(data["version"]))
    if not _VERSION.fullmatch(route.version):
        raise ValueError(f"version {route.version!r} is not a BC API version like v1.0")
    prefix = str(data["graphqlPrefix"])
    if not PREFIX.fullmatch(prefix):
        raise ValueError(
            f"graphqlPrefix {prefix!r} is not a capitalised name of letters and digits"
        )
    enums = {
        str(e["name"]): EnumType(
            _identifier(e["name"], "enum"),
            tuple(decode_name(str(m)) for m in _list(e, "members")),
            description=str(e.get("description", "")),
            graphql=enum_graphql_name(prefix, str(e["name"])),
        )
        for e in _list(data, "enums")
    }
    entities = tuple(_entity(e, route, prefix, enums) for e in _list(data, "entities"))
    if not entities:
        raise ValueError("it declares no entity")
    return CustomApi(route, prefix, entities)


def _entity(
    data: Mapping[str, Any], route: Route, prefix: str, enums: Mapping[str, EnumType]
) -> Entity:
    name = _identifier(data["name"], "entity")
    entity_set = _identifier(data["entitySet"], "entity set")
    watch = _WATCHES.get(str(data.get("watch", "webhook")))
    if watch is None:
        raise ValueError(f"{entity_set}: watch is one of {', '.join(_WATCHES)}")
    fields = tuple(_field(f, entity_set, enums) for f in _list(data, "fields"))
    has_modified = any(f.name == "lastModifiedDateTime" for f in fields)
    return Entity(
        name=name,
        entity_set=entity_set,
        fields=fields,
        key=str(data.get("key", "id")),
        relations=tuple(_relation(r, entity_set) for r in _list(data, "relations")),
        insertable=bool(data.get("insertable", True)),
        updatable=bool(data.get("updatable", True)),
        deletable=bool(data.get("deletable", True)),
        # Webhooks report changes by lastModifiedDateTime; without it nothing is watched
        # (a sub-page's changes come with its parent's).
        watch=watch if has_modified or watch is Watch.PARENT else Watch.NONE,
        parent=str(data["parent"]) if data.get("parent") is not None else None,
        required=tuple(str(n) for n in data.get("required", ())),
        graphql=graphql_names(prefix, name, entity_set),
        title=str(data.get("title") or name[:1].upper() + name[1:]),
        description=str(data.get("description", "")),
        route=route,
    )


def _field(data: Mapping[str, Any], entity_set: str, enums: Mapping[str, EnumType]) -> Field:
    name = _identifier(data["name"], "field")
    type_name = str(data["type"])
    enum = None
    if type_name.startswith("Microsoft.NAV."):
        enum = enums.get(type_name.removeprefix("Microsoft.NAV."))
        if enum is None:
            raise ValueError(f"{entity_set}.{name}: no enum {type_name} is declared")
        kind = Edm.ENUM
    elif type_name in _TYPES:
        kind = _TYPES[type_name]
    else:
        raise ValueError(f"{entity_set}.{name}: type {type_name} is not one bcgraph handles")
    length = data.get("maxLength")
    return Field(
        name,
        kind,
        max_length=int(length) if length is not None else None,
        read_only=bool(data.get("readOnly", False)),
        enum=enum,
        description=str(data.get("description", "")),
    )


def _relation(data: Mapping[str, Any], entity_set: str) -> Relation:
    nav = data.get("nav")
    return Relation(
        field=_identifier(data["field"], "relation"),
        target=_identifier(data["target"], "entity set"),
        local_key=str(data["localKey"]),
        remote_key=str(data.get("remoteKey", "id")),
        many=bool(data.get("many", False)),
        nav=_identifier(nav, "navigation") if nav is not None else None,
        contained=bool(data.get("contained", False)),
        description=str(data.get("description", "")),
        created=str(data.get("created", "")),
    )


def _part(data: Mapping[str, Any], name: str) -> str:
    value = str(data[name])
    if not _ROUTE_PART.fullmatch(value):
        raise ValueError(f"{name} {value!r} is not a route segment")
    return value


def _identifier(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise ValueError(f"{what} name {value!r} is not an OData identifier")
    return value


def _list(data: Mapping[str, Any], name: str) -> Sequence[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise TypeError(f"{name} is not a list")
    return value


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__
