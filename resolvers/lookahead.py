"""From the GraphQL selection to what BC is asked for: `$select` of the selected fields
(plus the key, and the link fields relations need) and `$expand` of selected relations
BC can expand, nested as deep as the query goes. Fragments and aliases are merged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from strawberry.types.nodes import SelectedField, Selection

from bcmodel import Entity, Registry


@dataclass
class Plan:
    entity: Entity
    select: set[str] = field(default_factory=set)
    expand: dict[str, Plan] = field(default_factory=dict)
    count: bool = False  # a connection's totalCount was selected

    def signature(self) -> tuple[object, ...]:
        """Equal for plans that ask BC for the same thing (a loader key)."""
        return (
            tuple(sorted(self.select)),
            tuple((name, sub.signature()) for name, sub in sorted(self.expand.items())),
            self.count,
        )

    def copy(self) -> Plan:
        """A plan to change (paging adds its sort keys) while this one stays as it is."""
        expand = {name: sub.copy() for name, sub in self.expand.items()}
        return Plan(self.entity, set(self.select), expand, self.count)

    def merge(self, other: Plan) -> None:
        self.select |= other.select
        self.count = self.count or other.count
        for name, sub in other.expand.items():
            if name in self.expand:
                self.expand[name].merge(sub)
            else:
                self.expand[name] = sub


def flatten(selections: Iterable[Selection]) -> list[SelectedField]:
    """Fields of a selection set with fragment spreads and inline fragments opened."""
    out: list[SelectedField] = []
    for selection in selections:
        if isinstance(selection, SelectedField):
            out.append(selection)
        else:
            out.extend(flatten(selection.selections))
    return out


def connection_nodes(connection: SelectedField) -> tuple[list[SelectedField], bool]:
    """The fields selected for a connection's rows, under `nodes` and under `edges { node }`
    alike (both shapes read the same rows), and whether totalCount was selected."""
    nodes: list[SelectedField] = []
    count = False
    for part in flatten(connection.selections):
        if part.name == "nodes":
            nodes.extend(flatten(part.selections))
        elif part.name == "edges":
            for edge_part in flatten(part.selections):
                if edge_part.name == "node":
                    nodes.extend(flatten(edge_part.selections))
        elif part.name == "totalCount":
            count = True
    return nodes, count


def plan(entity: Entity, fields: Iterable[SelectedField], registry: Registry) -> Plan:
    result = Plan(entity, {entity.key})
    for selected in fields:
        name = selected.name
        rel = entity.relation(name)
        if rel is not None:
            result.select.add(rel.local_key)
            if rel.nav is None or _narrowed(selected):
                # A lookup, or a navigation filtered or sorted (which `$expand` here does
                # not carry): its own query, after this one.
                continue
            target = registry.target(entity, rel.target)
            if rel.many:
                nodes, count = connection_nodes(selected)
                sub = plan(target, nodes, registry)
                sub.count = count
                # Each row's cursor is made of the values of the list's order.
                sub.select |= set(target.default_order)
            else:
                sub = plan(target, flatten(selected.selections), registry)
            if rel.nav in result.expand:
                result.expand[rel.nav].merge(sub)
            else:
                result.expand[rel.nav] = sub
        elif (field := entity.field(name)) is not None and field.stream:
            # Not in the JSON: read on its own path, which a record reached under its
            # parent finds from these.
            if entity.reached_under:
                result.select |= {"parentId", "parentType"}
        elif field is not None:
            result.select.add(name)
    return result


def _narrowed(selected: SelectedField) -> bool:
    """Whether a relation's selection filters or sorts its rows, or starts after a cursor
    (which its own query reads, from that row on)."""
    return any(selected.arguments.get(name) for name in ("filter", "orderBy", "after"))
