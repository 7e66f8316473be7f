"""The contract's mutations: for each entity of the registry, create, update and delete as
far as BC allows them, and its bound actions; thin adapters over resolvers/mutations.py
and resolvers/account.py.

Fields run one after another, in document order (GraphQL's rule for mutations);
independent creates next to each other may share one $batch (resolvers/write_batch.py).
"""

# No `from __future__ import annotations` here: the resolvers are made per entity, and
# Strawberry reads their arguments' types (Annotated, with descriptions) from the
# annotations, which must be objects, not strings naming variables of a closure.
from typing import Annotated, Any

import strawberry
from strawberry.types.field import StrawberryField

from bcmodel import Action, Entity
from resolvers import account, mutations, streams
from schema import parent_kinds, wording
from schema.account import EventsWebhook, Me
from schema.arguments import CompanyId, Etag, described, record_id
from schema.build import Build
from schema.scalars import UUID

ChangedId = record_id("The id of the record to change.")
DeletedId = record_id("The id of the record to delete.")


def _new(kind: Any) -> Any:
    return described(kind, "The new record's fields; those left out or null get BC's defaults.")


def _changes(kind: Any) -> Any:
    return described(
        kind, "The fields to change: only those given change; null clears one where it can."
    )


def _parent_id(entity: Entity) -> Any:
    """A contained record's parent, by id, as the argument its API names (`invoiceId`)."""
    assert entity.api is not None
    return Annotated[
        UUID,
        strawberry.argument(name=entity.api.parent_argument, description=wording.parent_id(entity)),
    ]


# A contained record's mutations take its parent's id first; the resolvers come in both
# shapes because Strawberry reads the arguments, in order, from the signature.


def _create(entity: Entity, build: Build) -> StrawberryField:
    new = _new(build.create_input(entity))
    if entity.parent_kind is not None:
        return parent_kinds.create(entity, build, new)
    if entity.parent is None:

        async def resolve(info: strawberry.Info, input: new, company_id: CompanyId = None) -> Any:
            return await mutations.create(info, entity, input, company_id)

    else:
        parent_id = _parent_id(entity)

        async def resolve(
            info: strawberry.Info, parent: parent_id, input: new, company_id: CompanyId = None
        ) -> Any:
            return await mutations.create(info, entity, input, company_id, parent)

    return strawberry.mutation(
        resolver=resolve, graphql_type=build.record(entity), description=wording.created(entity)
    )


def _update(entity: Entity, build: Build) -> StrawberryField:
    changes = _changes(build.update_input(entity))
    if entity.parent_kind is not None:
        return parent_kinds.update(entity, build, changes, ChangedId)
    if entity.parent is None:

        async def resolve(
            info: strawberry.Info,
            id: ChangedId,
            input: changes,
            etag: Etag = None,
            company_id: CompanyId = None,
        ) -> Any:
            return await mutations.update(info, entity, id, input, etag, company_id)

    else:
        parent_id = _parent_id(entity)

        async def resolve(
            info: strawberry.Info,
            parent: parent_id,
            id: ChangedId,
            input: changes,
            etag: Etag = None,
            company_id: CompanyId = None,
        ) -> Any:
            return await mutations.update(info, entity, id, input, etag, company_id, parent)

    return strawberry.mutation(
        resolver=resolve, graphql_type=build.record(entity), description=wording.UPDATE
    )


Content = described(
    str,
    "The file's bytes, base64-encoded (RFC 4648's standard alphabet, with padding); "
    "anything else is BAD_USER_INPUT and nothing is created.",
)


def _upload(entity: Entity, build: Build) -> StrawberryField:
    new = _new(build.create_input(entity))

    async def resolve(
        info: strawberry.Info, input: new, content: Content, company_id: CompanyId = None
    ) -> Any:
        return await streams.upload(info, entity, input, content, company_id)

    stream = streams.uploaded_field(entity).name
    return strawberry.mutation(
        resolver=resolve,
        graphql_type=build.record(entity),
        description=wording.uploaded(entity, stream),
    )


def _delete(entity: Entity, build: Build) -> StrawberryField:
    if entity.parent_kind is not None:
        return parent_kinds.delete(entity, build, DeletedId)
    if entity.parent is None:

        async def resolve(
            info: strawberry.Info, id: DeletedId, etag: Etag = None, company_id: CompanyId = None
        ) -> Any:
            return await mutations.delete(info, entity, id, etag, company_id)

    else:
        parent_id = _parent_id(entity)

        async def resolve(
            info: strawberry.Info,
            parent: parent_id,
            id: DeletedId,
            etag: Etag = None,
            company_id: CompanyId = None,
        ) -> Any:
            return await mutations.delete(info, entity, id, etag, company_id, parent)

    return strawberry.mutation(resolver=resolve, graphql_type=UUID, description=wording.DELETE)


def _action(entity: Entity, bound: Action, build: Build) -> StrawberryField:
    acted_on = record_id(bound.record)

    async def resolve(info: strawberry.Info, id: acted_on, company_id: CompanyId = None) -> Any:
        return await mutations.action(info, entity, bound.name, id, company_id)

    returned = entity if bound.result is None else build.registry.target(entity, bound.result)
    return strawberry.mutation(
        resolver=resolve, graphql_type=build.record(returned), description=bound.description
    )


def _fields(build: Build) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for entity in build.registry.entities:
        api = entity.api
        if api is None:
            continue
        if api.create is not None:
            fields[api.create] = _create(entity, build)
        if api.upload is not None:
            fields[api.upload] = _upload(entity, build)
        if api.update is not None:
            fields[api.update] = _update(entity, build)
        if api.delete is not None:
            fields[api.delete] = _delete(entity, build)
        for bound in entity.actions:
            fields[bound.mutation] = _action(entity, bound, build)
    return fields


# -- the connection -------------------------------------------------------------------


async def _set_default_company(
    info: strawberry.Info,
    company_id: record_id("The company to use by default: one of `companies`."),
) -> Any:
    return await account.set_default_company(info, company_id)


async def _disconnect(info: strawberry.Info) -> bool:
    return await account.disconnect(info)


async def _set_events_webhook(
    info: strawberry.Info,
    url: Annotated[
        str | None,
        strawberry.argument(
            description="An http(s) URL to post this connection's record events to; null "
            "removes the connection's own, and the gateway's (if any) applies again."
        ),
    ],
    secret: Annotated[
        str | None,
        strawberry.argument(
            description="The signing secret: whsec_ and 24 to 64 bytes in base64. "
            "Required with a URL; ignored with null."
        ),
    ] = None,
) -> Any:
    return await account.set_events_webhook(info, url, secret)


def build_mutation(build: Build) -> Any:
    # Field order is the schema's order: each entity's fields in the registry's order.
    fields = _fields(build)
    for name, made in fields.items():
        # As named: Strawberry would camel-case a custom API's `createContoso_Shipment`.
        made.graphql_name = name
    fields["setDefaultCompany"] = strawberry.mutation(
        resolver=_set_default_company,
        graphql_type=Me,
        description="Chooses the company used when a field is given no companyId; it must "
        "be one of the connection's companies.",
    )
    fields["disconnect"] = strawberry.mutation(
        resolver=_disconnect,
        description="Deletes the user's connection (and its tokens); true if there was one.",
    )
    fields["setEventsWebhook"] = strawberry.mutation(
        resolver=_set_events_webhook,
        graphql_type=EventsWebhook,
        description="Sets where this connection's record events are posted, as Standard "
        "Webhooks signed with the secret (docs/events-webhooks.md), instead of the "
        "gateway's webhook; null restores the gateway's.",
    )
    return strawberry.type(
        type("Mutation", (), {**fields, "__module__": __name__}),
        description="Writes to Business Central. The fields of a mutation run one after "
        "another, in document order; creates next to each other may share one BC $batch.",
    )
