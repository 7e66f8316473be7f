"""What a write may have changed, dropped from the request's by-id loader caches, so that
fields resolved after a mutation read BC again instead of what was cached before it."""

from __future__ import annotations

from collections.abc import Iterable

from bcmodel import Action, Entity
from resolvers.context import Context


def written(entity: Entity) -> tuple[str, ...]:
    """The entities (refs) a create, update or delete of this entity may change: its own,
    what its declaration says BC recomputes (`Entity.invalidates`), and what BC deletes
    with it (`Relation.cascade`)."""
    cascaded = tuple(entity.route.ref(r.target) for r in entity.relations if r.cascade)
    return (entity.ref, *(entity.route.ref(name) for name in entity.invalidates), *cascaded)


def acted(entity: Entity, action: Action) -> tuple[str, ...]:
    """The entity sets a bound action may change (posting moves ledger balances too)."""
    return (*written(entity), *(entity.route.ref(name) for name in action.invalidates))


def forget(ctx: Context, company: str, entity_sets: Iterable[str]) -> None:
    """Drops the loaders of these entities (by `Entity.ref`) in this company (keys as
    resolvers.loaders makes them: ("by_id", ref, company, plan signature)); later reads
    make new ones."""
    sets = set(entity_sets)
    stale = [
        key
        for key in ctx.loaders
        if isinstance(key, tuple)
        and len(key) > 2
        and key[0] == "by_id"
        and key[1] in sets
        and key[2] == company
    ]
    for key in stale:
        del ctx.loaders[key]
