"""The contract's object types, filters, sort orders and connections: one set for each
entity of the registry the schema is built from that is in the GraphQL API.

Fields come from bcmodel (schema/generate.py); what is written here is what the
contract adds: the BusinessCentralRecord interface, PageInfo, and the relation fields.
Generated types are found by name in the Build (schema/build.py).
"""

# No `from __future__ import annotations` here: Strawberry reads an argument's description
# from its Annotated type only when the annotation is an object, not a string still to be
# resolved (the relations' filter and orderBy name types defined further down).
from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from bcmodel import Entity, Listing, Relation
from bcmodel.fields import LAST_MODIFIED
from resolvers import relations
from resolvers.pagination import DEFAULT_FIRST
from schema.arguments import After, First, filter_of, order_of
from schema.build import Build
from schema.generate import (
    ETAG,
    connection_type,
    filter_input,
    object_type,
    order_input,
    sort_field_enum,
)
from schema.scalars import UUID, DateTime


# Not `Record`: GraphQL Code Generator names TypeScript types after GraphQL's, and a type
# named Record shadows TypeScript's own Record<K, V> (issue 18).
@strawberry.interface(
    description="A record of a Business Central entity: it has BC's id, BC's etag (which "
    "guards updates and deletes) and, for most entities, the time it last changed."
)
class BusinessCentralRecord:
    id: UUID = strawberry.field(
        description="BC's id of the record. It never changes; the single-record queries and "
        "the mutations take it."
    )
    etag: str = strawberry.field(description=ETAG)
    # Named as BC names it (also the key of the row dicts resolvers return).
    lastModifiedDateTime: DateTime | None = strawberry.field(
        default=None, description=f"{LAST_MODIFIED} null for entities BC does not time."
    )


@strawberry.type(
    description="Where a page sits in its list. Paging is forward only: `first` and `after`, "
    "no `last` or `before` (BC's own paging only runs forward, along @odata.nextLink)."
)
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether rows follow this page.")
    end_cursor: str | None = strawberry.field(
        description="The cursor of this page's last row (pass it as `after` for the next "
        "page); null when the page is empty."
    )
    has_previous_page: bool = strawberry.field(
        description="Whether rows come before this page. False on a first page (no `after`); "
        "after an `after` cursor, true when this read shows rows before it (the page has "
        "rows, or totalCount was selected and is not 0), else false: the Relay spec lets "
        "forward paging answer false when it cannot tell cheaply."
    )
    start_cursor: str | None = strawberry.field(
        description="The cursor of this page's first row; null when the page is empty."
    )


# Relations: thin adapters over resolvers/relations.py, which reads the related record
# from the parent's $expand when the look-ahead asked for it, else loads it in a batch.


def _related(entity: Entity, field: str) -> Any:
    async def resolve(root: Any, info: strawberry.Info) -> Any:
        return await relations.related(info, root, entity, field)

    return resolve


def _contained(entity: Entity, field: str) -> Any:
    # The parent's own children, read with it: paged, in the children's own order.
    async def resolve(
        root: Any, info: strawberry.Info, first: First = DEFAULT_FIRST, after: After = None
    ) -> Any:
        return await relations.connection(info, root, entity, field, first, after)

    return resolve


def _matching(entity: Entity, field: str, target: str, build: Build) -> Any:
    # A look-up on the target's set: filtered and sorted like its root list.
    filter_type = filter_of(build.lazy(f"{target}Filter"))
    order_type = order_of(build.lazy(f"{target}Order"))

    async def resolve(
        root: Any,
        info: strawberry.Info,
        filter: filter_type = None,
        order_by: order_type = None,
        first: First = DEFAULT_FIRST,
        after: After = None,
    ) -> Any:
        return await relations.connection(info, root, entity, field, first, after, filter, order_by)

    return resolve


def _relation_field(entity: Entity, rel: Relation, build: Build) -> StrawberryField:
    target = build.registry.target(entity, rel.target).api
    if target is None:
        raise LookupError(f"{entity.ref}.{rel.field} targets {rel.target}, not in the API")
    if not rel.many:
        resolver, kind = _related(entity, rel.field), build.lazy(target.type) | None
    elif rel.contained:
        resolver, kind = _contained(entity, rel.field), build.lazy(f"{target.type}Connection")
    else:
        resolver = _matching(entity, rel.field, target.type, build)
        kind = build.lazy(f"{target.type}Connection")
    return strawberry.field(resolver=resolver, graphql_type=kind, description=rel.description)


def _types_of(entity: Entity, build: Build) -> dict[str, Any]:
    """The entity's object type; for one listed in pages, its filter, sort field, order
    and connection too."""
    api, shown = entity.api, entity.graphql
    assert api is not None and shown is not None
    paged = shown.listing is Listing.PAGES
    name = api.type
    made = {
        name: object_type(
            name,
            entity,
            build,
            # Records listed in pages are BC's records proper: id, etag, last change.
            bases=(BusinessCentralRecord,) if paged else (),
            relations={r.field: _relation_field(entity, r, build) for r in entity.relations},
            required=shown.non_null,
            field_descriptions=dict(shown.field_descriptions),
        )
    }
    if paged:
        sort_field = sort_field_enum(f"{name}SortField", entity)
        made[f"{name}Filter"] = filter_input(f"{name}Filter", entity, build)
        made[f"{name}SortField"] = sort_field
        made[f"{name}Order"] = order_input(f"{name}Order", sort_field, entity)
        made[f"{name}Connection"] = connection_type(f"{name}Connection", name, build)
    return made


def build_types(build: Build) -> None:
    """Every entity's types, into the build (where `lazy` finds them by name)."""
    build.types["PageInfo"] = PageInfo
    for entity in build.registry.entities:
        if entity.api is not None:
            build.types.update(_types_of(entity, build))
