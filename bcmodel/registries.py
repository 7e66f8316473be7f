"""A set of entity declarations and the look-ups between them, as one value.

The standard one (`bcmodel.registry.STANDARD`) holds BC's API v2.0 entities; a gateway
or sandbox that serves extensions' APIs too builds `STANDARD.with_custom(...)` before
its app and passes it down. Nothing finds entities any other way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bcmodel.edm import Field
from bcmodel.model import Entity, Relation
from bcmodel.routes import Route


@dataclass(frozen=True)
class Registry:
    entities: tuple[Entity, ...]
    # The entity whose records are the companies: every company-scoped set of every
    # route is addressed under one of them (`companies({id})/vendors`).
    companies: Entity
    _by_ref: Mapping[str, Entity] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_ref: dict[str, Entity] = {}
        for e in self.entities:
            if e.ref in by_ref:
                raise ValueError(f"entity {e.ref} is declared twice")
            by_ref[e.ref] = e
        object.__setattr__(self, "_by_ref", MappingProxyType(by_ref))
        if by_ref.get(self.companies.ref) is not self.companies:
            raise ValueError("the companies' entity is not among the entities")
        self._check()

    def by_ref(self, ref: str) -> Entity | None:
        """The entity of `Entity.ref` (a standard entity set, `{route}/{set}` otherwise)."""
        return self._by_ref.get(ref)

    def entity(self, ref: str) -> Entity:
        """A registered entity, for refs that come from the declarations themselves."""
        found = self._by_ref.get(ref)
        if found is None:
            raise LookupError(f"no entity is declared as {ref!r}")
        return found

    def in_route(self, route: Route, entity_set: str) -> Entity | None:
        """The entity of an entity set as a path in `route` names it."""
        found = self._by_ref.get(route.ref(entity_set))
        return found if found is not None and found.route == route else None

    def target(self, entity: Entity, entity_set: str) -> Entity:
        """The target of one of the entity's relations or navigations: a set of its route."""
        found = self.in_route(entity.route, entity_set)
        if found is None:
            raise LookupError(f"{entity.ref} relates to no declared entity {entity_set}")
        return found

    @property
    def routes(self) -> tuple[Route, ...]:
        """The routes other than the standard one, in the entities' order."""
        return tuple(dict.fromkeys(e.route for e in self.entities if not e.route.standard))

    def of_route(self, route: Route) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities if e.route == route)

    def parent_of(self, child: Entity) -> tuple[Entity, Relation] | None:
        """The entity a contained one lives under, and its relation that holds the children
        (`purchaseInvoices` and its `lines` for an invoice line)."""
        if child.parent is None:
            return None
        up = child.relation(child.parent)
        assert up is not None  # Entity checks its parent names a relation
        parent = self.target(child, up.target)
        down = next(
            (r for r in parent.relations if r.contained and r.target == child.entity_set), None
        )
        if down is None:
            raise LookupError(f"{parent.ref} declares no contained {child.entity_set}")
        return parent, down

    def parents_of(self, child: Entity) -> tuple[tuple[Entity, Relation], ...]:
        """Every entity a contained one lives under, each with its relation that holds the
        children: its `parent`'s, or, for a child of several kinds of parent
        (`Entity.parent_kind`), each entity of its route that contains it."""
        if child.parent_kind is None:
            found = self.parent_of(child)
            return (found,) if found is not None else ()
        return tuple(
            (e, r)
            for e in self.of_route(child.route)
            for r in e.relations
            if r.contained and r.target == child.entity_set
        )

    def parent_by_kind(self, child: Entity, kind: str) -> tuple[Entity, Relation] | None:
        """The parent whose relation names this kind (`Relation.kind`, BC's AL name)."""
        return next(((e, r) for e, r in self.parents_of(child) if r.kind == kind), None)

    def children_of(self, parent: Entity) -> tuple[Entity, ...]:
        """The entities whose changes are derived from this one's (Watch.PARENT)."""
        return tuple(
            e for e in self.entities if (p := self.parent_of(e)) is not None and p[0] is parent
        )

    def created_by(self, mutation: str) -> Entity | None:
        """The entity a GraphQL create mutation creates."""
        return next(
            (e for e in self.entities if e.api is not None and e.api.create == mutation), None
        )

    def with_custom(self, entities: Iterable[Entity]) -> Registry:
        """This registry and extensions' entities (none on the standard route)."""
        added = tuple(entities)
        for e in added:
            if e.route.standard:
                raise ValueError(f"custom entity {e.entity_set} is on BC's standard route")
        return Registry((*self.entities, *added), self.companies)

    def _check(self) -> None:
        """What the declarations can get wrong between them: fail when the registry is
        built (at import, or at startup for custom ones), not on a request."""
        names: dict[str, str] = {}
        for e in self.entities:
            where = f"entity {e.ref}"
            for rel in e.relations:
                target = self.in_route(e.route, rel.target)
                if target is None:
                    raise ValueError(
                        f"{where}: relation {rel.field} targets no entity {rel.target}"
                    )
                if target.field(rel.remote_key) is None:
                    raise ValueError(
                        f"{where}: relation {rel.field} keys on no field of {rel.target}"
                    )
            for f in e.fields:
                self._check_lookup(e, f)
            for name in (*e.invalidates, *(n for a in e.actions for n in a.invalidates)):
                if self.in_route(e.route, name) is None:
                    raise ValueError(f"{where}: invalidates no entity {name}")
            for bound in e.actions:
                result = self.in_route(e.route, bound.result) if bound.result else e
                if result is None:
                    raise ValueError(f"{where}: action {bound.name} results in no entity")
                if bound.result_key and result.field(bound.result_key) is None:
                    raise ValueError(f"{where}: action {bound.name} finds its result by no field")
            self.parent_of(e)
            self._check_kinds(e)
            api = e.api
            if api is None:
                continue
            for shown in (api.type, api.list, api.get, api.create, api.update, api.delete):
                if shown is not None and names.setdefault(shown, e.ref) != e.ref:
                    raise ValueError(f"{where}: GraphQL name {shown} is {names[shown]}'s too")

    def _check_lookup(self, e: Entity, f: Field) -> None:
        lookup = f.lookup
        if lookup is None:
            return
        where = f"entity {e.ref}: field {f.name}"
        own = (*(m for _, m in lookup.same), *(lookup.only_if or ())[:1])
        if any(e.field(m) is None for m in own):
            raise ValueError(f"{where} looks up by no field of its own")
        if lookup.hidden:
            # A hidden set has no declaration to check against, nor a field to pick by.
            if lookup.by or lookup.variants or lookup.where or lookup.same:
                raise ValueError(f"{where} looks up a hidden set by a field")
            return
        looked = self.in_route(e.route, lookup.target)
        keys = (lookup.key, *(k for k, _ in (*lookup.where, *lookup.same)))
        if looked is None or any(looked.field(k) is None for k in keys):
            raise ValueError(f"{where} looks up no {lookup.key} of {lookup.target}")
        if (lookup.by or lookup.variants) and looked.field(lookup.by) is None:
            raise ValueError(f"{where} picks its related table by no field {lookup.by}")

    def _check_kinds(self, child: Entity) -> None:
        """A child of several kinds of parent: each parent's relation names a distinct
        member of the child's `parent_kind` enum; no other child's parent names one."""
        where = f"entity {child.ref}"
        if child.parent_kind is None:
            found = self.parent_of(child)
            if found is not None and found[1].kind:
                raise ValueError(f"{where}: its parent names a kind it does not have")
            return
        kinds = child.field(child.parent_kind)
        assert kinds is not None and kinds.enum is not None  # Entity checks it
        seen: set[str] = set()
        for parent, down in self.parents_of(child):
            if down.kind not in kinds.enum.members or down.kind in seen:
                raise ValueError(f"{where}: {parent.ref} names no distinct kind of parent")
            seen.add(down.kind)
