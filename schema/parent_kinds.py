"""The create, update and delete mutations of an entity that lives under several kinds of
parent (`Entity.parent_kind`: BC's dimension set lines, under documents, their lines,
journal lines and G/L entries). Each takes the parent as its own parent's argument
(`invoiceId`, as the API first offered it) or as the parent key and kind together
(`parentId`, `parentType`); resolvers/inputs.py checks that exactly one is given.
"""

# No `from __future__ import annotations`: Strawberry reads the resolvers' argument types
# from their annotations, which must be objects (see schema/mutation.py).
from typing import Annotated, Any

import strawberry
from strawberry.types.field import StrawberryField

from bcmodel import Entity
from resolvers import inputs, mutations
from schema import wording
from schema.arguments import CompanyId, Etag
from schema.build import Build
from schema.enums import member_name
from schema.scalars import UUID


def _arguments(entity: Entity, build: Build) -> tuple[Any, Any, Any]:
    """The parent's arguments: its own parent's id, the parent key, the kind."""
    assert entity.api is not None and entity.parent_kind is not None
    field = entity.field(entity.parent_kind)
    assert field is not None and field.enum is not None  # Entity checks it
    key = inputs.parent_key(entity)
    own = entity.api.parent_argument
    found = build.registry.parent_of(entity)
    assert found is not None  # a parent_kind needs a parent
    parent, down = found
    own_id = Annotated[
        UUID | None,
        strawberry.argument(
            name=own,
            description=f"The id of {wording.the_one(parent)} it belongs to: the same as "
            f"`{key}` with `{entity.parent_kind}: {member_name(down.kind)}`.",
        ),
    ]
    parent_id = Annotated[
        UUID | None,
        strawberry.argument(
            name=key,
            description=f"The id of the record it belongs to, of the kind "
            f"`{entity.parent_kind}` names; the two together, instead of `{own}`.",
        ),
    ]
    kind = Annotated[
        build.enums[field.enum] | None,
        strawberry.argument(
            name=entity.parent_kind,
            description=f"The kind of record `{key}` names; a kind with no "
            f"{wording.several(entity)} in this API is BAD_USER_INPUT.",
        ),
    ]
    return own_id, parent_id, kind


def create(entity: Entity, build: Build, new: Any) -> StrawberryField:
    own_id, parent_id, kind = _arguments(entity, build)

    async def resolve(
        info: strawberry.Info,
        input: new,
        own: own_id = None,
        parent: parent_id = None,
        parent_kind: kind = None,
        company_id: CompanyId = None,
    ) -> Any:
        found, of_kind = inputs.parent_given(entity, own, parent, parent_kind)
        return await mutations.create(info, entity, input, company_id, found, of_kind)

    return strawberry.mutation(
        resolver=resolve, graphql_type=build.record(entity), description=wording.created(entity)
    )


def update(entity: Entity, build: Build, changes: Any, changed: Any) -> StrawberryField:
    own_id, parent_id, kind = _arguments(entity, build)

    async def resolve(
        info: strawberry.Info,
        id: changed,
        input: changes,
        own: own_id = None,
        parent: parent_id = None,
        parent_kind: kind = None,
        etag: Etag = None,
        company_id: CompanyId = None,
    ) -> Any:
        found, of_kind = inputs.parent_given(entity, own, parent, parent_kind)
        return await mutations.update(info, entity, id, input, etag, company_id, found, of_kind)

    return strawberry.mutation(
        resolver=resolve, graphql_type=build.record(entity), description=wording.UPDATE
    )


def delete(entity: Entity, build: Build, deleted: Any) -> StrawberryField:
    own_id, parent_id, kind = _arguments(entity, build)

    async def resolve(
        info: strawberry.Info,
        id: deleted,
        own: own_id = None,
        parent: parent_id = None,
        parent_kind: kind = None,
        etag: Etag = None,
        company_id: CompanyId = None,
    ) -> Any:
        found, of_kind = inputs.parent_given(entity, own, parent, parent_kind)
        return await mutations.delete(info, entity, id, etag, company_id, found, of_kind)

    return strawberry.mutation(resolver=resolve, graphql_type=UUID, description=wording.DELETE)
