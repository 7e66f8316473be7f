"""By-id DataLoaders, one per request, user, entity, company and shape of selection: the
ids asked for in one tick become one `$filter=id eq a or id eq b …` call per chunk."""

from __future__ import annotations

from typing import Any

from aiodataloader import DataLoader

from bcmodel import Entity, Registry
from gateway.bc import urls
from resolvers import translate
from resolvers.context import Context, Upstream
from resolvers.lookahead import Plan
from resolvers.rows import to_row


def by_id(
    ctx: Context, up: Upstream, entity: Entity, company_id: str, plan: Plan, registry: Registry
) -> DataLoader[str, dict[str, Any] | None]:
    key = ("by_id", entity.ref, company_id, plan.signature())
    loader = ctx.loaders.get(key)
    if loader is None:
        loader = ctx.loaders[key] = DataLoader(_batch(up, entity, company_id, plan, registry))
    return loader


def _batch(up: Upstream, entity: Entity, company_id: str, plan: Plan, registry: Registry) -> Any:
    path = str(urls.company(company_id, entity.route).child(entity.entity_set))
    query = translate.query(plan)

    async def load(ids: list[str]) -> list[dict[str, Any] | None]:
        rows = await up.by_ids(path, query, ids)
        found = {row["id"]: to_row(row, entity, company_id, registry) for row in rows}
        return [found.get(i) for i in ids]

    return load
