"""What an event of an entity reads from BC: the record with every navigation BC can
expand in the same call, so the relations a subscription selects on it cost no call
per event."""

from __future__ import annotations

import bcmodel
from bcmodel import Entity
from gateway.bc import odata


def event_query(
    entities: bcmodel.Registry, entity: Entity, *, under: Entity | None = None
) -> odata.Query:
    """What an event of `entity` reads, in one call: its fields and every navigation of
    its declaration (to-one references whole; contained children with their own
    references, since their events derive from them). The navigation back to `under`,
    the record being read, is left out, and so are records BC makes on request.
    Relations without navigation (lookups on another set) are not expandable: a
    subscription selecting one still queries it."""
    expand: list[odata.Expand] = []
    for nav in entity.navigation:
        target = entities.in_route(entity.route, nav.target)
        if target is None or target is under or target.reached_under:
            # A record BC makes when read under its parent (a document's PDF, printed on
            # request) is no reference to carry on every event.
            continue
        if nav.contained:
            expand.append(odata.Expand(nav.name, event_query(entities, target, under=entity)))
        elif not nav.collection:
            expand.append(odata.Expand(nav.name))
    return odata.Query(entity=entity, expand=tuple(expand))
