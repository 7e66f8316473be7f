"""Mutation inputs to BC request bodies, checked before anything is sent.

BC would refuse an over-long text or a missing required field too, but only after a
round trip and with a message that does not say which input it means; here the refusal
is BAD_USER_INPUT with `extensions.field` naming it (`input.lines[2].description`).

An input is a Strawberry input object, or the plain dict graphql-core coerces from a
document (resolvers/write_batch.py reads the arguments of fields not yet resolved).
In both, a field left out is UNSET and an explicit null is None: an update sends only
the fields given, and null clears one to BC's blank (BC itself never holds null).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import strawberry

from bcmodel import Edm, Entity, Field, Registry, decode_name
from gateway.bc import urls
from gateway.bc.types import BCRequest
from gateway.errors import BadUserInput
from resolvers.fetch import words

UNSET: Any = strawberry.UNSET


def given(value: Any, name: str) -> Any:
    """A field of an input: UNSET when left out, None when null."""
    if isinstance(value, dict):
        return value.get(name, UNSET)
    return getattr(value, name, UNSET)


def create_body(
    entity: Entity, value: Any, registry: Registry, where: str = "input"
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for field in entity.writable_fields:
        item = given(value, field.name)
        # On create, null means the same as leaving the field out: BC's default.
        if item is UNSET or item is None:
            continue
        body[field.name] = wire(field, item, f"{where}.{field.name}")
    for name in entity.required:
        if not body.get(name):
            raise BadUserInput(f"`{name}` is required.", field=f"{where}.{name}")
    one_of = entity.required_one_of
    if one_of and not any(body.get(name) for name in one_of):
        raise BadUserInput(
            f"A {words(entity.name)} needs {_either(one_of)}.",
            field=f"{where}.{one_of[0]}",
        )
    for rel in entity.relations:
        if not (rel.contained and rel.many and rel.nav):
            continue
        children = given(value, rel.field)
        if children is not UNSET and children is not None:
            # One POST with the children inside: BC's deep insert.
            target = registry.target(entity, rel.target)
            body[rel.nav] = [
                create_body(target, child, registry, f"{where}.{rel.field}[{i}]")
                for i, child in enumerate(children)
            ]
    return body


def update_body(entity: Entity, value: Any, where: str = "input") -> dict[str, Any]:
    body: dict[str, Any] = {}
    for field in entity.writable_fields:
        item = given(value, field.name)
        if item is UNSET:
            continue
        path = f"{where}.{field.name}"
        if item is None:
            if field.name in entity.required:
                raise BadUserInput(f"`{field.name}` cannot be cleared.", field=path)
            body[field.name] = blank(field, path)
        else:
            body[field.name] = wire(field, item, path)
    for name in entity.required:
        if name in body and not body[name]:
            raise BadUserInput(f"`{name}` cannot be blank.", field=f"{where}.{name}")
    if not body:
        raise BadUserInput("Nothing to change: give at least one field.", field=where)
    return body


def wire(field: Field, value: Any, path: str) -> Any:
    """A GraphQL input value in the form BC takes (codec.encode_json writes Decimals exactly)."""
    if isinstance(value, enum.Enum):
        return value.value
    if field.type is Edm.STRING:
        text = str(value)
        if field.max_length is not None and len(text) > field.max_length:
            raise BadUserInput(
                f"`{field.name}` is at most {field.max_length} characters; {len(text)} were given.",
                field=path,
                maxLength=field.max_length,
            )
        return text
    if field.type is Edm.DATE and isinstance(value, dt.date):
        return value.isoformat()
    if field.type is Edm.GUID:
        return str(value)
    return value


def blank(field: Field, path: str) -> Any:
    """What "no value" is in BC for this field: "", the empty GUID, 0001-01-01, 0, false."""
    if field.type is Edm.ENUM and (field.enum is None or field.enum.members[0].strip()):
        # Only enums with a blank member (`_x0020_`) can be cleared.
        raise BadUserInput(f"`{field.name}` cannot be cleared; choose a value.", field=path)
    return field.empty_value()


# -- requests -------------------------------------------------------------------------


def collection(
    entity: Entity,
    company: str,
    registry: Registry,
    parent_id: str | None = None,
    parent_kind: str | None = None,
) -> urls.ResourcePath:
    """An entity set; a contained entity (an invoice's lines) is addressed under its parent."""
    base, name = _container(entity, company, registry, parent_id, parent_kind)
    return base.child(name)


def record(
    entity: Entity,
    company: str,
    record_id: str,
    registry: Registry,
    parent_id: str | None = None,
    parent_kind: str | None = None,
) -> urls.ResourcePath:
    base, name = _container(entity, company, registry, parent_id, parent_kind)
    return base.child(name, record_id)


def parent_given(
    entity: Entity, own_id: Any, parent_id: Any, parent_kind: Any
) -> tuple[str | None, str | None]:
    """The parent a mutation of an entity of several kinds of parent names: its own
    parent's argument (`invoiceId`), or the parent key and kind arguments (`parentId`,
    `parentType`) together; never both. Returns (parent id, BC's name of the kind), the
    kind None for the entity's own parent."""
    assert entity.parent_kind is not None and entity.api is not None
    key = parent_key(entity)
    own = entity.api.parent_argument
    if own_id is not None:
        if parent_id is not None or parent_kind is not None:
            raise BadUserInput(
                f"Give either `{own}` or `{key}` and `{entity.parent_kind}`, not both.",
                field=own,
            )
        return str(own_id), None
    if parent_id is None or parent_kind is None:
        raise BadUserInput(
            f"A {words(entity.name)} needs its parent: `{key}` and `{entity.parent_kind}` "
            f"together (or `{own}`).",
            field=key if parent_id is None else entity.parent_kind,
        )
    kind = parent_kind.value if isinstance(parent_kind, enum.Enum) else str(parent_kind)
    return str(parent_id), decode_name(kind)


def parent_key(entity: Entity) -> str:
    up = entity.relation(entity.parent or "")
    assert up is not None  # Entity checks its parent names a relation
    return up.local_key


def _container(
    entity: Entity,
    company: str,
    registry: Registry,
    parent_id: str | None,
    parent_kind: str | None = None,
) -> tuple[urls.ResourcePath, str]:
    """Where the entity's records are addressed, and the name of their set there: under
    its parent, or, named by kind, under the parent of that kind."""
    under = registry.parent_of(entity)
    in_company = urls.company(company, entity.route)
    if under is None:
        return in_company, entity.entity_set
    if parent_kind is not None:
        under = registry.parent_by_kind(entity, parent_kind)
        if under is None:
            raise BadUserInput(
                f"bcgraph offers no {words(entity.entity_set)} of a {parent_kind}.",
                field=entity.parent_kind,
            )
    parent, children = under
    if parent_id is None:
        argument = entity.api.parent_argument if entity.api else None
        argument = argument or f"{entity.parent}Id"
        raise BadUserInput(f"A {words(entity.name)} needs its {argument}.", field=argument)
    assert children.nav is not None  # a contained relation is BC's navigation
    return in_company.child(parent.entity_set, parent_id), children.nav


def create_request(
    entity: Entity,
    value: Any,
    company: str,
    registry: Registry,
    parent_id: str | None = None,
    parent_kind: str | None = None,
) -> BCRequest:
    body = create_body(entity, value, registry)
    path = collection(entity, company, registry, parent_id, parent_kind)
    return BCRequest("POST", str(path), body=body)


def _either(names: tuple[str, ...]) -> str:
    return " or ".join(f"`{name}`" for name in names)


def if_match(etag: str | None) -> dict[str, str]:
    """BC requires If-Match on a PATCH and a DELETE: the client's etag when given (a record
    changed since is then refused), else `*` (last write wins), which is what BC's own
    examples and most integrations send when they hold no etag."""
    if etag is not None and not (etag.strip() and etag.isascii() and etag.isprintable()):
        # An etag is BC's own printable token; anything else (empty, CR/LF) is not one.
        raise BadUserInput("`etag` is not an etag this API returned.", field="etag")
    return {"If-Match": etag or "*"}
