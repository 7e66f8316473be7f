"""Mutation inputs generated from bcmodel: only the properties BC lets a client write.

Read-only fields (totals, status, `number` of an invoice …) and the ones BC silently
ignores are not in these types, so a client cannot send them. Every field is optional:
on create BC fills what is left out, on update only the fields given are sent (null
clears a field to BC's blank). Which fields are required, and how long text may be, is
checked by resolvers/inputs.py before BC is called, so the refusal can name the field.

Each entity of the registry that BC lets a client create or update has its
`Create<Type>Input` and `Update<Type>Input`.
"""

from __future__ import annotations

from typing import Any

import strawberry

from bcmodel import Entity
from schema import descriptions, wording
from schema.build import Build
from schema.generate import scalar_for

MODULE = "schema.inputs"
UNSET = strawberry.UNSET


def input_type(
    name: str,
    entity: Entity,
    build: Build,
    *,
    update: bool,
    exclude: tuple[str, ...] = (),
    extra: dict[str, tuple[Any, str]] | None = None,
    description: str,
) -> Any:
    """An input with the entity's writable fields (minus `exclude`), all optional;
    `extra` adds fields that are not BC properties: name -> (type, description)."""
    describe = descriptions.update_input if update else descriptions.create_input
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    for field in entity.writable_fields:
        if field.name in exclude:
            continue
        annotations[field.name] = scalar_for(field, build) | None
        namespace[field.name] = strawberry.field(
            name=field.name, default=UNSET, description=describe(entity, field)
        )
    for field_name, (kind, text) in (extra or {}).items():
        annotations[field_name] = kind | None
        namespace[field_name] = strawberry.field(default=UNSET, description=text)
    namespace.update({"__annotations__": annotations, "__module__": MODULE})
    return strawberry.input(type(name, (), namespace), name=name, description=description)


def _parent_key(entity: Entity) -> tuple[str, ...]:
    # A contained record's parent is the mutation's parent argument (or the parent it is
    # created with), and BC refuses to move it to another: not an input's business.
    if entity.parent is None:
        return ()
    up = entity.relation(entity.parent)
    assert up is not None
    return (up.local_key,)


def _create_input(entity: Entity, build: Build) -> Any:
    assert entity.api is not None
    made = build.inputs
    # Contained children the client may create with the record, in one call (deep insert).
    extra: dict[str, tuple[Any, str]] = {}
    for rel in entity.relations:
        child = build.registry.target(entity, rel.target)
        if rel.contained and rel.created and child.insertable:
            extra[rel.field] = (list[_create_input(child, build)], rel.created)
    name = f"Create{entity.api.type}Input"
    if name not in made:
        made[name] = input_type(
            name,
            entity,
            build,
            update=False,
            exclude=(*_parent_key(entity), *entity.update_only),
            extra=extra,
            description=wording.create_input(entity),
        )
    return made[name]


def build_inputs(build: Build) -> None:
    """Every entity's create and update inputs, into the build."""
    for entity in build.registry.entities:
        if entity.api is None:
            continue
        if entity.insertable:
            _create_input(entity, build)
        if entity.updatable:
            name = f"Update{entity.api.type}Input"
            build.inputs[name] = input_type(
                name,
                entity,
                build,
                update=True,
                exclude=(*_parent_key(entity), *entity.fixed),
                description=wording.update_input(entity),
            )
