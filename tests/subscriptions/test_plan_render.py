"""Event plans render what graphql-core renders: for documents drawn by hypothesis over the
RecordEvent fields and every watched entity's plain fields (aliases, fragments, repeats,
`__typename`), and records drawn from the entities' declarations (blanks, nulls, missing
keys, values a type refuses), the planned payload is byte for byte the one graphql-core's
per-event execution gives today; an event the plan refuses is one graphql-core reports an
error for, and only such."""

from __future__ import annotations

import asyncio
import contextlib
import decimal
from typing import Any

import orjson
from graphql import GraphQLSchema, parse, validate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bcmodel import STANDARD, Edm, Entity
from gateway.pubsub.records import CHANGES, RecordChange
from gateway.ws.fanout import SubscriptionPlans, _executed
from gateway.ws.plan import Unrenderable, compile_plan
from resolvers.subscriptions import event
from schema import build_schema

SCHEMA = build_schema()
GRAPHQL: GraphQLSchema = SCHEMA._schema
COMPANY = "5f0c4bd2-3a48-4c2b-9e3a-0b8f3d1c2a11"
EVENT_FIELDS = ("entity", "changeType", "id", "recordId", "companyId", "occurredAt")
WATCHED = [
    e
    for e in STANDARD.entities
    if e.api is not None and e.api.kind is not None and GRAPHQL.get_type(e.api.type)
]


def _plain_leaves(type_name: str) -> list[str]:
    kind: Any = GRAPHQL.get_type(type_name)
    return [
        name
        for name, field in kind.fields.items()
        if getattr(field.resolve, "plain_leaf", None) is not None
    ]


def _value(field: Any) -> st.SearchStrategy[Any]:
    kind = field.type
    if field.enum is not None:
        good: st.SearchStrategy[Any] = st.sampled_from(field.enum.wire_values)
    elif kind is Edm.GUID:
        good = st.uuids().map(str) | st.just("00000000-0000-0000-0000-000000000000")
    elif kind is Edm.DECIMAL:
        good = st.decimals(allow_nan=False, allow_infinity=False, places=2)
    elif kind in (Edm.INT32, Edm.INT64):
        good = st.integers(-(2**31), 2**31 - 1)
    elif kind is Edm.BOOLEAN:
        good = st.booleans()
    elif kind is Edm.DATE:
        good = st.dates().map(lambda d: d.isoformat()) | st.just("0001-01-01")
    elif kind is Edm.DATETIME:
        good = st.datetimes().map(lambda d: d.isoformat() + "Z") | st.just("0001-01-01T00:00:00Z")
    else:
        good = st.text(max_size=8)
    # What a type may refuse: a list, a word where a number or an enum member belongs.
    odd = st.sampled_from([None, "x", [1], 1.5])
    return st.one_of(good, good, good, odd)


@st.composite
def records(draw: st.DrawFn, entity: Entity) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for field in entity.fields:
        if field.type is Edm.STREAM or draw(st.integers(0, 9)) == 0:
            continue  # a key BC left out
        record[field.name] = draw(_value(field))
    if draw(st.booleans()):
        record["@odata.etag"] = 'W/"JzQ0O0pSVkJKOz"'
    return record


@st.composite
def selection(draw: st.DrawFn, names: list[str], prefix: str = "a") -> str:
    picked = draw(st.lists(st.sampled_from(names), min_size=1, max_size=6))
    parts = []
    for n, name in enumerate(picked):
        parts.append(f"{prefix}{n}: {name}" if draw(st.booleans()) else name)
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), "__typename")
    return " ".join(parts)


@st.composite
def documents(draw: st.DrawFn, entity: Entity) -> str:
    assert entity.api is not None
    head = draw(selection(list(EVENT_FIELDS)))
    record = []
    for kind in draw(st.lists(st.sampled_from([entity, *WATCHED[:3]]), max_size=3)):
        assert kind.api is not None
        fields = draw(selection(_plain_leaves(kind.api.type)))
        record.append(f"... on {kind.api.type} {{ {fields} }}")
    if draw(st.booleans()):
        record.append("__typename")
    fragments = ""
    if draw(st.booleans()):
        head += " ...Parts"
        fragments = (
            f" fragment Parts on RecordEvent {{ {draw(selection(list(EVENT_FIELDS), 'f'))} }}"
        )
    body = f"{head} record {{ {' '.join(record)} }}" if record else head
    alias = "renamed: " if draw(st.booleans()) else ""
    return f"subscription {{ {alias}recordChanged {{ {body} }} }}{fragments}"


def _oracle(document: str, root: Any) -> Any:
    return asyncio.run(_executed(SCHEMA, document, {}, None, root))  # type: ignore[arg-type]


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, str, Any]:
    entity = draw(st.sampled_from(WATCHED))
    document, other = draw(documents(entity)), draw(documents(entity))
    change = draw(st.sampled_from(CHANGES))
    record = None if change == "deleted" else draw(records(entity))
    raw = RecordChange(
        entity.ref, change, str(draw(st.uuids())), COMPANY, "2026-12-01T10:00:00Z", record
    )
    return document, other, event(raw, STANDARD)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_a_plan_renders_what_graphql_core_renders(case: tuple[str, str, Any]) -> None:
    document, other, root = case
    parsed = parse(document)
    if validate(GRAPHQL, parsed):
        return  # an alias reused for two fields: the ordinary path refuses the document
    plan = compile_plan(GRAPHQL, parsed, None)
    assert plan is not None, document
    expected = _oracle(document, root)
    # The event's memo is shared by every subscriber's plan: another document's render
    # comes first, as it may.
    memo: dict[int, Any] = {}
    other_plan = compile_plan(GRAPHQL, parse(other), None)
    if other_plan is not None and not validate(GRAPHQL, parse(other)):
        with contextlib.suppress(Unrenderable):
            other_plan.render(root, memo)
    try:
        rendered = plan.render(root, memo)
    except Unrenderable:
        assert expected.errors, f"{document} needed graphql-core, which had no error"
        return
    assert not expected.errors, expected.errors
    encode = {"default": lambda v: str(v) if isinstance(v, decimal.Decimal) else v}
    assert orjson.dumps(rendered, **encode) == orjson.dumps(expected.data, **encode)


def test_a_plan_refuses_what_it_cannot_honour() -> None:
    plans = SubscriptionPlans(GRAPHQL)
    refused = [
        # a relation, a connection, a directive, a field with arguments elsewhere
        "subscription { recordChanged { record { ... on Vendor { paymentTerm { code } } } } }",
        "subscription { recordChanged { record { ... on PurchaseInvoice { lines { nodes { id } } } } } }",
        "subscription { recordChanged { recordId @include(if: true) } }",
        "subscription($s: Boolean!) { recordChanged { ... @skip(if: $s) { recordId } } }",
        "query { companies { id } }",
        "subscription { recordChanged { recordId ",
    ]
    for document in refused:
        assert plans.plan(document, None) is None, document
    kept = "subscription { recordChanged { recordId record { ... on Vendor { displayName } } } }"
    assert plans.plan(kept, None) is not None
    assert plans.plan(kept, None) is plans.plan(kept, None)
