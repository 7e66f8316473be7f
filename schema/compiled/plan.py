"""An operation compiled once: for each selected field, how its value is found (a row's
key, the parent's `$expand`, a resolver) and how it becomes JSON, in the order
graphql-core would answer the fields (grouped by response key, fragments opened).

What the plan does not take on raises `NotCompilable` while compiling, and the operation
then always runs through graphql-core: directives, abstract types (an interface or union
as a field's type), introspection, stream fields, fields with resolvers of their own
other than the registry's root lists and records, relations and a connection's edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    is_abstract_type,
    is_leaf_type,
)
from strawberry.schema.schema_converter import GraphQLCoreConverter

from bcmodel import Entity, Listing, Registry, Relation
from schema import generate
from schema.compiled.leaves import Coerce, coercer

_DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF


class NotCompilable(Exception):
    """The operation uses something the compiled path does not answer."""


@dataclass
class Shape:
    """How a value of one GraphQL output type is completed."""

    non_null: bool
    coerce: Coerce | None = None  # a scalar or enum
    item: Shape | None = None  # a list
    obj: ObjectPlan | None = None  # an object type


@dataclass
class FieldPlan:
    key: str  # the response key (alias or name)
    kind: str  # see the constants below
    shape: Shape | None = None
    name: str = ""  # the row key of a plain field; __typename's answer
    gql: GraphQLField | None = None  # for a resolved field
    nodes: list[FieldNode] = field(default_factory=list)
    parent: GraphQLObjectType | None = None
    rel: Relation | None = None
    entity: Entity | None = None
    target: Entity | None = None
    cursors: bool = True  # a page whose cursors are selected
    # A root page's look-ahead (resolvers/lookahead.py), made on the first run: it depends
    # on the document and on the variables' shape, which the plan is keyed by.
    lookahead: Any = None


# The kinds of field.
TYPENAME = "typename"
PLAIN = "plain"  # source[name], then its shape (a leaf or a nested plain object)
RESOLVED = "resolved"  # the field's own resolver, as graphql-core would call it
TO_ONE = "to_one"  # the parent's $expand when there, else RESOLVED
TO_MANY = "to_many"  # the first page of the parent's $expand when there, else RESOLVED
EDGES = "edges"  # a connection's edges (resolvers/pagination.py)
ROOT_PAGE = "root_page"  # a root list's page (resolvers/queries.py's `page`)
# A root page's arguments the compiled path passes on itself (filter and orderBy are
# Strawberry's input objects: those root pages take their resolver).
_PAGE_ARGUMENTS = frozenset({"first", "after", "companyId"})


@dataclass
class ObjectPlan:
    type: GraphQLObjectType
    fields: list[FieldPlan]
    # Where every field is a row's scalar and the type's check is a row's entity tag (or
    # none): (key, row key, non-null, coercion) per field, read in one tight loop per row
    # (run.py), and the tag. None: each field takes its own way.
    leaves: tuple[tuple[str, str, bool, Coerce], ...] | None = field(init=False)
    tag: str | None = field(init=False)

    def __post_init__(self) -> None:
        check = self.type.is_type_of
        self.tag = getattr(check, "entity_ref", None)
        self.leaves = None
        if check is not None and self.tag is None:
            return
        leaves = []
        for f in self.fields:
            if f.kind != PLAIN or f.shape is None or f.shape.coerce is None:
                return
            leaves.append((f.key, f.name, f.shape.non_null, f.shape.coerce))
        self.leaves = tuple(leaves)


@dataclass
class Plan:
    operation: OperationDefinitionNode
    root: ObjectPlan


class Compiler:
    def __init__(
        self,
        schema: GraphQLSchema,
        registry: Registry,
        fragments: dict[str, FragmentDefinitionNode],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.entities = {e.api.type: e for e in registry.entities if e.api is not None}
        self.registry = registry
        roots = [(e.api.list, e.api.get) for e in registry.entities if e.api is not None]
        self.root_fields = {name for pair in roots for name in pair if name}
        self.pages = {
            e.api.list: e
            for e in registry.entities
            if e.api is not None and e.graphql is not None and e.graphql.listing is Listing.PAGES
        }

    def operation(self, operation: OperationDefinitionNode) -> Plan:
        if operation.operation.value != "query" or operation.directives:
            raise NotCompilable
        root = self.schema.query_type
        assert root is not None
        return Plan(operation, self.object(root, [operation.selection_set]))

    def object(self, kind: GraphQLObjectType, sets: list[SelectionSetNode]) -> ObjectPlan:
        grouped: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()
        for selection_set in sets:
            self._collect(kind, selection_set, grouped, visited)
        return ObjectPlan(kind, [self.field(kind, key, nodes) for key, nodes in grouped.items()])

    def _collect(
        self,
        kind: GraphQLObjectType,
        selection_set: SelectionSetNode,
        grouped: dict[str, list[FieldNode]],
        visited: set[str],
    ) -> None:
        for selection in selection_set.selections:
            if selection.directives:
                raise NotCompilable
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                grouped.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(selection.type_condition, kind):
                    self._collect(kind, selection.selection_set, grouped, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in visited:
                    continue
                visited.add(name)
                fragment = self.fragments.get(name)
                if fragment is None or fragment.directives:
                    raise NotCompilable
                if self._applies(fragment.type_condition, kind):
                    self._collect(kind, fragment.selection_set, grouped, visited)

    def _applies(self, condition: Any, kind: GraphQLObjectType) -> bool:
        if condition is None:
            return True
        named = self.schema.get_type(condition.name.value)
        if named is kind:
            return True
        return is_abstract_type(named) and self.schema.is_sub_type(named, kind)  # type: ignore[arg-type]

    def field(self, parent: GraphQLObjectType, key: str, nodes: list[FieldNode]) -> FieldPlan:
        name = nodes[0].name.value
        if name == "__typename":
            return FieldPlan(key, TYPENAME, name=parent.name)
        gql = parent.fields.get(name)
        if gql is None or name.startswith("__"):
            raise NotCompilable
        sets = [n.selection_set for n in nodes if n.selection_set is not None]
        shape = self.shape(gql.type, sets)
        definition = (gql.extensions or {}).get(_DEFINITION)
        if hasattr(gql.resolve, "plain_leaf") and definition is not None:
            return FieldPlan(key, PLAIN, shape, name=definition.python_name)
        resolver = definition.base_resolver if definition is not None else None
        if resolver is not None and resolver.wrapped_func is generate._edges:
            return FieldPlan(key, EDGES, shape)
        resolved = FieldPlan(key, RESOLVED, shape, gql=gql, nodes=nodes, parent=parent)
        if parent is self.schema.query_type:
            if name not in self.root_fields:
                raise NotCompilable
            if name in self.pages and all(
                a.name.value in _PAGE_ARGUMENTS for n in nodes for a in n.arguments or ()
            ):
                resolved.kind, resolved.entity = ROOT_PAGE, self.pages[name]
                resolved.cursors = _reads_cursors(shape)
            return resolved
        entity = self.entities.get(parent.name)
        rel = entity.relation(name) if entity is not None else None
        if entity is None or rel is None:
            raise NotCompilable
        resolved.rel, resolved.entity = rel, entity
        resolved.target = self.registry.target(entity, rel.target)
        if rel.nav is None or any(
            a.name.value != "first" for n in nodes for a in n.arguments or ()
        ):
            return resolved
        resolved.kind = TO_MANY if rel.many else TO_ONE
        resolved.cursors = _reads_cursors(shape)
        return resolved

    def shape(self, kind: Any, sets: list[SelectionSetNode]) -> Shape:
        non_null = isinstance(kind, GraphQLNonNull)
        if non_null:
            kind = kind.of_type
        if isinstance(kind, GraphQLList):
            return Shape(non_null, item=self.shape(kind.of_type, sets))
        if is_leaf_type(kind):
            return Shape(non_null, coerce=coercer(kind))
        if isinstance(kind, GraphQLObjectType):
            return Shape(non_null, obj=self.object(kind, sets))
        raise NotCompilable  # an interface or union: its runtime type is resolved per value


def _reads_cursors(shape: Shape | None) -> bool:
    """Whether a connection's selection shows a cursor (edges, or pageInfo's cursors)."""
    obj = shape.obj if shape is not None else None
    if obj is None:
        return True
    for part in obj.fields:
        if part.kind == EDGES:
            return True
        if part.name == "page_info" and part.shape is not None and part.shape.obj is not None:
            if any(f.name in ("start_cursor", "end_cursor") for f in part.shape.obj.fields):
                return True
    return False
