"""By-id DataLoaders, one per request, user, entity, company and shape of selection: the
ids asked for in one tick become one `$filter=id eq a or id eq b …` call per chunk."""

from __future__ import annotations

import asyncio
from typing import Any

from aiodataloader import DataLoader

from bcmodel import Entity
from gateway.bc import odata, urls
from resolvers import translate
from resolvers.context import Context, Upstream
from resolvers.fetch import collection
from resolvers.lookahead import Plan
from resolvers.rows import to_row


def by_id(
    ctx: Context, up: Upstream, entity: Entity, company_id: str, plan: Plan
) -> DataLoader[str, dict[str, Any] | None]:
    key = ("by_id", entity.entity_set, company_id, plan.signature())
    loader = ctx.loaders.get(key)
    if loader is None:
        loader = ctx.loaders[key] = DataLoader(_batch(up, entity, company_id, plan))
    return loader


def _batch(up: Upstream, entity: Entity, company_id: str, plan: Plan) -> Any:
    path = str(urls.company(company_id).child(entity.entity_set))

    # Keep each URL under what proxies and BC accept; the rest of the URL is the same
    # for every chunk, so it is measured once.
    base_len = len(up.api_root) + len(path) + 2 + odata.encoded_length(translate.options(plan))

    async def load(ids: list[str]) -> list[dict[str, Any] | None]:
        chunks = translate.id_chunks(ids, up.max_url_length, base_len)
        results = await asyncio.gather(
            *(collection(up, path, translate.options(plan, where), want=None) for where in chunks)
        )
        found = {
            row["id"]: to_row(row, entity, company_id) for rows, _count in results for row in rows
        }
        return [found.get(i) for i in ids]

    return load
