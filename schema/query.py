"""The contract's root query fields: for each entity of the registry in the GraphQL API,
its list field and its field by id, as thin adapters over resolvers/queries.py."""

# No `from __future__ import annotations` here: the resolvers are made per entity, and
# Strawberry reads their arguments' types (Annotated, with descriptions) from the
# annotations, which must be objects, not strings naming variables of a closure.
import inspect
from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from bcmodel import Edm, Entity, Listing, ReportFilter
from resolvers import account, queries
from resolvers.pagination import DEFAULT_FIRST
from schema import wording
from schema.account import Me
from schema.arguments import After, CompanyId, First, described, filter_of, order_of, record_id
from schema.build import Build
from schema.scalars import Date

RecordId = record_id("The record's id (its `id` field).")


def _get(entity: Entity, build: Build) -> StrawberryField:
    async def resolve(info: strawberry.Info, id: RecordId, company_id: CompanyId = None) -> Any:
        return await queries.one(info, entity, id, company_id)

    return strawberry.field(
        resolver=resolve,
        graphql_type=build.record(entity) | None,
        description=wording.get(entity),
    )


def _pages(entity: Entity, build: Build) -> StrawberryField:
    filter_type = filter_of(build.filter_type(entity))
    order_type = order_of(build.order_type(entity))

    async def resolve(
        info: strawberry.Info,
        filter: filter_type = None,
        order_by: order_type = None,
        first: First = DEFAULT_FIRST,
        after: After = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await queries.many(info, entity, filter, order_by, first, after, company_id)

    return strawberry.field(
        resolver=resolve,
        graphql_type=build.connection(entity),
        description=wording.listed(entity),
    )


def _all(entity: Entity) -> Any:
    # Listing.ALL: an entity set at the API root (the companies).
    async def resolve(info: strawberry.Info) -> Any:
        return await queries.root_set(info, entity)

    return resolve


def _report(entity: Entity) -> Any:
    # Listing.REPORT: a report computed by BC for the parameters its declaration names
    # (the balance sheet's date), each an argument; the signature is built from them.
    assert entity.graphql is not None
    filters = entity.graphql.report_filters

    async def resolve(info: strawberry.Info, **arguments: Any) -> Any:
        company_id = arguments.pop("company_id", None)
        given = {f: arguments.get(f.argument) for f in filters}
        return await queries.report(info, entity, given, company_id)

    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [
        inspect.Parameter(
            "info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=strawberry.Info
        )
    ]
    parameters += [
        inspect.Parameter(f.argument, keyword, annotation=_argument_type(entity, f))
        if f.required
        else inspect.Parameter(
            f.argument, keyword, annotation=_argument_type(entity, f), default=None
        )
        for f in filters
    ]
    parameters.append(inspect.Parameter("company_id", keyword, annotation=CompanyId, default=None))
    resolve.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return resolve


def _argument_type(entity: Entity, report_filter: ReportFilter) -> Any:
    field = entity.field(report_filter.field)
    assert field is not None  # Entity checks its report's filters name fields
    kind: Any = {Edm.DATE: Date, Edm.INT32: int, Edm.DECIMAL: float}.get(field.type, str)
    return described(kind if report_filter.required else kind | None, report_filter.description)


def _list(entity: Entity, build: Build) -> StrawberryField:
    assert entity.graphql is not None
    listing = entity.graphql.listing
    if listing is Listing.PAGES:
        return _pages(entity, build)
    resolver = _all(entity) if listing is Listing.ALL else _report(entity)
    return strawberry.field(
        resolver=resolver,
        graphql_type=list[build.record(entity)],
        description=wording.listed(entity),
    )


def _fields(build: Build) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for entity in build.registry.entities:
        api = entity.api
        if api is None:
            continue
        if api.get is not None:
            fields[api.get] = _get(entity, build)
        fields[api.list] = _list(entity, build)
    return fields


def _me_field() -> StrawberryField:
    async def me(info: strawberry.Info) -> Any:
        return await account.me(info)

    return strawberry.field(
        resolver=me,
        graphql_type=Me,
        description="Who is asking, and their Business Central connection (no BC call).",
    )


def build_query(build: Build) -> Any:
    # Field order is the schema's order: each entity's fields in the registry's order.
    fields = _fields(build)
    fields["me"] = _me_field()
    for name, made in fields.items():
        # As named: Strawberry would camel-case a custom API's `contoso_shipments`.
        made.graphql_name = name
    return strawberry.type(
        type("Query", (), {**fields, "__module__": __name__}),
        description="Reads: the records of the connection's companies, by id or a page at a "
        "time, the balance sheet, and who is asking.",
    )
