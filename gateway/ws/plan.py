"""Event plans: a subscription document compiled once into what each event's payload is
made of, so that an event renders for a subscriber without graphql-core's execution.

A plan holds, per response key in document order: a plain leaf (a scalar or enum read
off the event or its row, coerced by its GraphQL type as graphql-core would), the
`__typename`, or a plain object field (the event's `record`) with the fields each of its
possible types selects, collected as graphql-core collects them (fragments merged, in
order of first appearance).

What a plan cannot honour it refuses, and the subscription runs the ordinary way:
* at compile time (`compile_plan` returns None): directives, fields with arguments or
  resolvers of their own (relations, connections), lists, anything unexpected;
* per event (`Unrenderable`): a null where the type says non-null, a value the type will
  not coerce, a row no union member claims. graphql-core then renders that one event,
  with the error exactly as it reports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
    Undefined,
    get_operation_ast,
    is_abstract_type,
    is_leaf_type,
    is_object_type,
    type_from_ast,
)
from strawberry.schema.schema_converter import GraphQLCoreConverter

__all__ = ["EventPlan", "Unrenderable", "compile_plan"]

# Where Strawberry keeps, on each graphql-core field, the Strawberry field it came from.
_DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF


class Unrenderable(Exception):
    """This event needs graphql-core: an error to report, or a value the plan cannot
    coerce exactly as graphql-core would."""


class _Refused(Exception):
    pass


# What a leaf's value is when the plan cannot render it; a key no field has.
_FAILED = object()
_UNSET = object()

# Per event, shared by every subscriber's render: by source object (the event, its row),
# each field's coerced value and each type check, so that a thousand documents selecting
# the same field of the same record coerce it once.
Memo = dict[int, dict[Any, Any]]


def _read(source: Any, name: str) -> Any:
    # As the schema's plain readers do (schema/plain_fields.py): rows are dicts, events
    # small objects, on which a missing attribute is an error rather than a null.
    if type(source) is dict:
        return source.get(name)
    try:
        return getattr(source, name)
    except AttributeError:
        raise Unrenderable from None


def _table(memo: Memo, source: Any) -> dict[Any, Any]:
    table = memo.get(id(source))
    if table is None:
        table = memo[id(source)] = {}
    return table


class _Leaf:
    __slots__ = ("name", "non_null", "type")

    def __init__(self, name: str, leaf: Any, non_null: bool) -> None:
        self.name, self.type, self.non_null = name, leaf, non_null

    def render(self, source: Any, table: dict[Any, Any], memo: Memo) -> Any:
        value = table.get(self.name, _UNSET)
        if value is _UNSET:
            value = table[self.name] = self._coerce(source)
        if value is _FAILED:
            raise Unrenderable
        return value

    def _coerce(self, source: Any) -> Any:
        try:
            value = _read(source, self.name)
        except Unrenderable:
            return _FAILED
        if value is None:
            return _FAILED if self.non_null else None
        if isinstance(value, Exception):
            return _FAILED
        try:
            coerced = self.type.coerce_output_value(value)
        except Exception:
            return _FAILED
        if coerced is None or coerced is Undefined:
            return _FAILED
        return coerced


class _Typename:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, source: Any, table: dict[Any, Any], memo: Memo) -> Any:
        return self.name


Fields = tuple[tuple[str, Any], ...]


def _is(kind: GraphQLObjectType, value: Any) -> bool:
    check: Any = kind.is_type_of
    if check is None:
        return True
    try:
        return bool(check(value, None))
    except Exception:
        return False


def _render_object(
    kind: GraphQLObjectType, fields: Fields, value: Any, memo: Memo
) -> dict[str, Any]:
    table = _table(memo, value)
    matches = table.get(kind)
    if matches is None:
        matches = table[kind] = _is(kind, value)
    if not matches:
        raise Unrenderable
    return {key: field.render(value, table, memo) for key, field in fields}


class _Object:
    """A plain field whose value is an object: of one type, or of the types an abstract
    type's members are (told apart by their `is_type_of`, as Strawberry's unions do)."""

    __slots__ = ("abstract", "by_type", "name", "non_null")

    def __init__(
        self,
        name: str,
        non_null: bool,
        by_type: tuple[tuple[GraphQLObjectType, Fields], ...],
        abstract: Any = None,
    ) -> None:
        self.name, self.non_null, self.by_type = name, non_null, by_type
        # The abstract type, whose members (its own list, shared) a value is told apart
        # by; a document selects fields on few of them, so only those are in `by_type`.
        self.abstract = abstract

    def render(self, source: Any, table: dict[Any, Any], memo: Memo) -> Any:
        value = _read(source, self.name)
        if value is None:
            if self.non_null:
                raise Unrenderable
            return None
        if self.abstract is None:
            kind, fields = self.by_type[0]
            return _render_object(kind, fields, value, memo)
        runtime = _table(memo, value).get(self.abstract, _UNSET)
        if runtime is _UNSET:
            runtime = _table(memo, value)[self.abstract] = self._member(value)
        if runtime is None:
            raise Unrenderable
        for selected, fields in self.by_type:
            if selected is runtime:
                return _render_object(runtime, fields, value, memo)
        return _render_object(runtime, (), value, memo)

    def _member(self, value: Any) -> GraphQLObjectType | None:
        if type(value) is not dict:
            return None  # Strawberry's cast and object definitions: graphql-core's
        for kind in self.abstract.types:
            check: Any = kind.is_type_of
            if check is not None and check(value, None):
                return kind  # type: ignore[no-any-return]
        return None


class EventPlan:
    """A subscription document's plan: `render(event, memo)` is the `data` graphql-core
    would give for that event (`memo`: one per event, for all its subscribers)."""

    __slots__ = ("fields", "kind", "response_key")

    def __init__(self, response_key: str, kind: GraphQLObjectType, fields: Fields) -> None:
        self.response_key = response_key
        self.kind = kind
        self.fields = fields

    def render(self, event: Any, memo: Memo | None = None) -> dict[str, Any]:
        memo = {} if memo is None else memo
        return {self.response_key: _render_object(self.kind, self.fields, event, memo)}


def compile_plan(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None
) -> EventPlan | None:
    """The plan of a subscription's events, or None where it takes the ordinary path."""
    try:
        return _compile(schema, document, operation_name)
    except _Refused:
        return None
    except Exception:  # an invalid document: validation reports it on the ordinary path
        return None


def _compile(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None
) -> EventPlan:
    operation = get_operation_ast(document, operation_name)
    root = schema.subscription_type
    if operation is None or operation.operation is not OperationType.SUBSCRIPTION:
        raise _Refused
    if root is None or operation.directives:
        raise _Refused
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    collected = _collect(schema, fragments, root, [operation.selection_set])
    if len(collected) != 1:
        raise _Refused
    ((key, nodes),) = collected.items()
    field = root.fields.get(nodes[0].name.value)
    if field is None or hasattr(field.resolve, "plain_leaf"):
        raise _Refused
    kind = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if not is_object_type(kind):
        raise _Refused
    fields = _object_fields(schema, fragments, kind, _sub_selections(nodes))
    return EventPlan(key, kind, fields)


def _sub_selections(nodes: list[FieldNode]) -> list[SelectionSetNode]:
    return [node.selection_set for node in nodes if node.selection_set is not None]


def _object_fields(
    schema: GraphQLSchema,
    fragments: Mapping[str, FragmentDefinitionNode],
    kind: GraphQLObjectType,
    selections: list[SelectionSetNode],
) -> Fields:
    plans: list[tuple[str, Any]] = []
    for key, nodes in _collect(schema, fragments, kind, selections).items():
        name = nodes[0].name.value
        if name == "__typename":
            plans.append((key, _Typename(kind.name)))
            continue
        field = kind.fields.get(name)
        if field is None or field.args or not hasattr(field.resolve, "plain_leaf"):
            raise _Refused  # a resolver of its own (a relation, a connection), or unknown
        leaf = field.resolve.plain_leaf
        if leaf is not None:
            plans.append((key, _Leaf(leaf.name, leaf.type, leaf.non_null)))
            continue
        plans.append((key, _object(schema, fragments, field, _sub_selections(nodes))))
    return tuple(plans)


def _object(
    schema: GraphQLSchema,
    fragments: Mapping[str, FragmentDefinitionNode],
    field: Any,
    selections: list[SelectionSetNode],
) -> _Object:
    definition = (field.extensions or {}).get(_DEFINITION)
    if definition is None:
        raise _Refused
    kind, non_null = field.type, False
    if isinstance(kind, GraphQLNonNull):
        kind, non_null = kind.of_type, True
    if isinstance(kind, GraphQLList) or is_leaf_type(kind):
        raise _Refused
    if is_abstract_type(kind):
        if not isinstance(kind, GraphQLUnionType):
            raise _Refused  # an interface: Strawberry resolves those its own way
        by_type = tuple(
            (member, fields)
            for member in kind.types
            if (fields := _object_fields(schema, fragments, member, selections))
        )
        return _Object(definition.python_name, non_null, by_type, kind)
    if not is_object_type(kind):
        raise _Refused
    fields = _object_fields(schema, fragments, kind, selections)
    return _Object(definition.python_name, non_null, ((kind, fields),))


def _collect(
    schema: GraphQLSchema,
    fragments: Mapping[str, FragmentDefinitionNode],
    kind: GraphQLObjectType,
    selections: list[SelectionSetNode],
) -> dict[str, list[FieldNode]]:
    """The fields `kind` gets from the selection sets, by response key, in the order
    graphql-core's CollectFields gives them (each named fragment at most once)."""
    fields: dict[str, list[FieldNode]] = {}
    visited: set[str] = set()

    def collect(selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if selection.directives:
                raise _Refused  # @skip, @include, @defer...: graphql-core decides
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                fields.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if _applies(schema, selection.type_condition, kind):
                    collect(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in visited:
                    continue
                visited.add(name)
                fragment = fragments.get(name)
                if fragment is None:
                    raise _Refused
                if fragment.directives:
                    raise _Refused
                if _applies(schema, fragment.type_condition, kind):
                    collect(fragment.selection_set)
            else:
                raise _Refused

    for selection_set in selections:
        collect(selection_set)
    return fields


def _applies(schema: GraphQLSchema, condition: Any, kind: GraphQLObjectType) -> bool:
    if condition is None:
        return True
    wanted = type_from_ast(schema, condition)
    if wanted is None:
        raise _Refused
    if wanted is kind:
        return True
    if isinstance(wanted, GraphQLAbstractType):
        return schema.is_sub_type(wanted, kind)
    return False
