"""Every layer knows every entity of the registry: BC's standard entities
(bcmodel.registry.ENTITIES) and the sandbox's sample custom API (sandbox/custom/).

An entity is declared once, in bcmodel/; each layer below either derives what it needs
from the declaration or still states it by hand. Each test checks one layer for one
entity and names the layer when it falls short, so that a declared entity the schema,
the resolvers, the webhook engine or the sandbox lacks fails here rather than as a
KeyError on a mutation or an event that never comes. The reverse holds too: a layer
that offers an entity (a root field, an EntityKind member, a relation field) the
declarations do not state fails.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

import pytest
from graphql import GraphQLEnumType, GraphQLObjectType, GraphQLUnionType
from graphql import get_named_type as named
from strawberry.types.nodes import SelectedField

import bcmodel
from bcmodel import Entity
from bcmodel.edm import encode_name
from gateway.webhooks import event_query
from gateway.webhooks.model import Topic, watchable, watched_set
from resolvers import invalidation, lookahead, subscriptions
from sandbox.custom import sandbox_entities
from sandbox.metadata import EDM_NS, EDMX_NS, metadata_xml
from sandbox.rules import LOGIC
from schema import build_schema
from tests.conftest import BC

REGISTRY = sandbox_entities()
ENTITIES = REGISTRY.entities
TYPES = build_schema(registry=REGISTRY)._schema.type_map
NS = {"edmx": EDMX_NS, "edm": EDM_NS}
# Root fields and mutations that are about the connection, not an entity.
NOT_ENTITIES = {"me", "setDefaultCompany", "disconnect", "setEventsWebhook"}

IN_API = [e for e in ENTITIES if e.api is not None]


def ids(entity: Entity) -> str:
    return entity.ref


def api_of(entity: Entity) -> bcmodel.Api:
    assert entity.api is not None
    return entity.api


def object_type(name: str) -> GraphQLObjectType:
    found = TYPES.get(name)
    assert isinstance(found, GraphQLObjectType), f"schema: no object type {name}"
    return found


def entity_of_type(type_name: str) -> Entity | None:
    """The entity a GraphQL type shows: its own type, or its connection."""
    for e in IN_API:
        if type_name in (api_of(e).type, f"{api_of(e).type}Connection"):
            return e
    return None


# -- the GraphQL schema -------------------------------------------------------------------


@pytest.mark.parametrize("entity", IN_API, ids=ids)
def test_schema_offers_what_the_entity_declares(entity: Entity) -> None:
    api = api_of(entity)
    where = f"schema lacks {entity.entity_set}"
    object_type(api.type)
    query = object_type("Query").fields
    mutation = object_type("Mutation").fields
    assert api.list in query, f"{where}: no Query.{api.list}"
    if api.get is not None:
        assert api.get in query, f"{where}: no Query.{api.get}"
    writes = [api.create, api.update, api.delete, *(a.mutation for a in entity.actions)]
    for name in writes:
        if name is None:
            continue
        assert name in mutation, f"{where}: no Mutation.{name}"
        if api.parent_argument is not None and name in (api.create, api.update, api.delete):
            args = mutation[name].args
            assert api.parent_argument in args, f"{where}: {name} takes no {api.parent_argument}"
            if entity.parent_kind is not None:
                # Under any of its parents: named by key and kind together.
                up = entity.relation(entity.parent or "")
                assert up is not None
                for arg in (up.local_key, entity.parent_kind):
                    assert arg in args, f"{where}: {name} takes no {arg}"
    for kind in ("Create", "Update"):
        if (api.create if kind == "Create" else api.update) is not None:
            assert f"{kind}{api.type}Input" in TYPES, f"{where}: no {kind}{api.type}Input"


@pytest.mark.parametrize("entity", IN_API, ids=ids)
def test_schema_events_match_the_watch(entity: Entity) -> None:
    api = api_of(entity)
    kinds = TYPES["EntityKind"]
    records = TYPES["AnyRecord"]
    assert isinstance(kinds, GraphQLEnumType) and isinstance(records, GraphQLUnionType)
    members = {t.name for t in records.types}
    if api.kind is None:
        assert entity.ref not in {v.value for v in kinds.values.values()}, (
            f"schema: EntityKind offers {entity.entity_set}, which declares no watch"
        )
        return
    where = f"schema lacks {entity.entity_set}"
    assert api.kind in kinds.values, f"{where}: no EntityKind.{api.kind}"
    assert kinds.values[api.kind].value == entity.ref, f"{where}: EntityKind.{api.kind}"
    assert api.type in members, f"{where}: AnyRecord has no {api.type}"


@pytest.mark.parametrize("entity", IN_API, ids=ids)
def test_schema_relation_fields_are_the_declared_relations(entity: Entity) -> None:
    fields = object_type(api_of(entity).type).fields
    shown = {
        name: target
        for name, f in fields.items()
        if (target := entity_of_type(named(f.type).name)) is not None
    }
    declared = {r.field: r for r in entity.relations}
    for name, target in shown.items():
        rel = declared.get(name)
        assert rel is not None, (
            f"resolvers: {entity.entity_set} declares no relation {name}, which the schema "
            f"offers on {api_of(entity).type}"
        )
        assert rel.target == target.entity_set, f"schema: {name} shows {target.entity_set}"
        connection = named(fields[name].type).name.endswith("Connection")
        assert connection == rel.many, f"schema: {name} is not a {'list' if rel.many else 'record'}"
    for name in declared:
        assert name in shown, f"schema lacks {entity.entity_set}: no relation field {name}"


def test_schema_offers_no_entity_the_registry_lacks() -> None:
    roots: set[str] = set()
    for e in IN_API:
        api = api_of(e)
        named = (api.list, api.get, api.create, api.update, api.delete, api.upload)
        roots |= {n for n in named if n}
        roots |= {a.mutation for a in e.actions}
    offered = set(object_type("Query").fields) | set(object_type("Mutation").fields)
    unknown = offered - roots - NOT_ENTITIES
    assert not unknown, f"registry: no entity declares {sorted(unknown)}"
    types = {api_of(e).type for e in IN_API}
    record = TYPES["BusinessCentralRecord"]
    implementers = {
        t.name
        for t in TYPES.values()
        if isinstance(t, GraphQLObjectType) and record in t.interfaces
    }
    assert implementers <= types, f"registry: no entity declares {sorted(implementers - types)}"


# -- the resolvers --------------------------------------------------------------------------


def selected(name: str, *, many: bool) -> SelectedField:
    id_field = SelectedField("id", {}, {}, [], None)
    inner = [SelectedField("nodes", {}, {}, [id_field], None)] if many else [id_field]
    return SelectedField(name, {}, {}, inner, None)


@pytest.mark.parametrize("entity", IN_API, ids=ids)
def test_resolvers_know_the_relations(entity: Entity) -> None:
    for rel in entity.relations:
        where = f"resolvers: {entity.entity_set}.{rel.field}"
        plan = lookahead.plan(entity, [selected(rel.field, many=rel.many)], REGISTRY)
        assert rel.local_key in plan.select, f"{where} does not read its key {rel.local_key}"
        if rel.nav is None:
            assert not plan.expand, f"{where} is a lookup but was expanded"
            continue
        sub = plan.expand.get(rel.nav)
        assert sub is not None, f"{where} is not expanded as {rel.nav}"
        assert sub.entity is REGISTRY.target(entity, rel.target), (
            f"{where} expands the wrong entity"
        )


@pytest.mark.parametrize("entity", IN_API, ids=ids)
def test_resolvers_know_what_writes_change(entity: Entity) -> None:
    api = api_of(entity)
    if api.create is not None:
        assert REGISTRY.created_by(api.create) is entity, (
            f"resolvers: {api.create} is not batched as a create of {entity.entity_set}"
        )
    if api.create or api.update or api.delete:
        changed = invalidation.written(entity)
        assert changed[0] == entity.ref
        for name in changed:
            assert REGISTRY.by_ref(name) is not None, f"resolvers: invalidate {name}?"
    for action in entity.actions:
        assert set(invalidation.written(entity)) <= set(invalidation.acted(entity, action))
    followed = subscriptions.followed(REGISTRY)
    assert (entity.ref in followed) == (api.kind is not None), (
        f"resolvers: subscriptions follow {entity.entity_set} iff it has an EntityKind"
    )


# -- the webhook engine ---------------------------------------------------------------------


@pytest.mark.parametrize("entity", [e for e in IN_API if api_of(e).kind], ids=ids)
def test_webhook_engine_knows_the_watch(entity: Entity) -> None:
    where = f"webhook engine: {entity.entity_set} ({entity.watch.value})"
    assert watchable(REGISTRY, entity.ref) is entity, f"{where} cannot be watched"
    watched = REGISTRY.entity(watched_set(REGISTRY, entity.ref))
    topic = Topic("user", "company", watched.ref)
    assert topic.polled(REGISTRY) == (watched.watch is bcmodel.Watch.POLL), f"{where}: polled?"
    route = "v2.0" if entity.route.standard else entity.route.path
    assert topic.resource == f"/api/{route}/companies(company)/{watched.entity_set}", where
    if entity.watch is bcmodel.Watch.PARENT:
        under = REGISTRY.parent_of(entity)
        assert under is not None and watched is under[0], f"{where} is not watched by its parent"
        assert entity in topic.children(REGISTRY), f"{where} is not derived from {watched.ref}"
        expanded = {e.navigation for e in event_query.event_query(REGISTRY, watched).expand}
        assert under[1].nav in expanded, (
            f"{where}: notifications of {watched.entity_set} are not fetched with "
            f"{under[1].nav}, so no event of {entity.entity_set} is derived"
        )
    else:
        assert watched is entity, f"{where} is watched through {watched.entity_set}"
        assert watched.watch in (bcmodel.Watch.WEBHOOK, bcmodel.Watch.POLL), where


# -- the sandbox ----------------------------------------------------------------------------


def route_metadata(entity: Entity) -> ET.Element:
    """The `$metadata` of the entity's route: BC's standard API's, or a custom API's (its
    companies and its own sets)."""
    served = REGISTRY.of_route(entity.route)
    if not entity.route.standard:
        served = (REGISTRY.companies, *served)
    schema = ET.fromstring(metadata_xml(served)).find("edmx:DataServices/edm:Schema", NS)
    assert schema is not None
    return schema


@pytest.mark.parametrize("entity", ENTITIES, ids=ids)
def test_sandbox_metadata_has_the_entity(entity: Entity) -> None:
    metadata = route_metadata(entity)
    where = f"sandbox $metadata lacks {entity.ref}"
    found = metadata.find(f"edm:EntityType[@Name='{entity.name}']", NS)
    assert found is not None, f"{where}: no EntityType {entity.name}"
    container = f"edm:EntityContainer/edm:EntitySet[@Name='{entity.entity_set}']"
    assert metadata.find(container, NS) is not None, f"{where}: no EntitySet"
    for nav in entity.navigation:
        path = f"edm:NavigationProperty[@Name='{nav.name}']"
        assert found.find(path, NS) is not None, f"{where}: no NavigationProperty {nav.name}"
    for action in entity.actions:
        bound = metadata.find(f"edm:Action[@Name='{action.name}']", NS)
        assert bound is not None, f"{where}: no bound action {action.name}"


@pytest.mark.parametrize("entity", ENTITIES, ids=ids)
def test_sandbox_has_the_rules_the_entity_names(entity: Entity) -> None:
    assert entity.logic in LOGIC, (
        f"sandbox: no rules for {entity.entity_set}'s business logic {entity.logic}"
    )


@pytest.mark.parametrize("entity", ENTITIES, ids=ids)
async def test_sandbox_serves_the_entity_set(bc: BC, entity: Entity) -> None:
    path = entity.entity_set if entity.company_scoped else f"{bc.root}/{entity.entity_set}"
    # A company's sets: relative to the standard API's company, or under the route's own.
    company = ""
    if not entity.route.standard:
        route_root = bc.root.removesuffix("v2.0") + entity.route.path
        company = f"{route_root}/companies({bc.company_id})/"
        path = f"{company}{entity.entity_set}"
    # A contained entity is served under each of its parents (a dimension set line under
    # documents, lines, journal lines and G/L entries).
    paths = [path]
    if REGISTRY.parents_of(entity):
        paths = []
        for parent, children in REGISTRY.parents_of(entity):
            first = await a_record(bc, parent, company)
            if first is None:
                # No record of the parent (the journal is empty, as in a new company): the
                # path is served, and answers BC's not-found for the parent.
                missing = f"{company}{parent.entity_set}({uuid.uuid4()})/{children.nav}"
                response = await bc.get(missing)
                assert response.status_code == 404, f"sandbox: {missing}: {response.text}"
                assert response.json()["error"]["code"] == "Internal_RecordNotFound", missing
                continue
            paths.append(f"{company}{parent.entity_set}({first[parent.key]})/{children.nav}")
    if entity.reached_under:
        # BC reads it only for a given parent: the filter names one.
        member, parent_set = entity.reached_under[0]
        first = await bc.first(parent_set)
        where = f"parentType eq '{encode_name(member)}' and parentId eq {first['id']}"
        paths = [f"{entity.entity_set}?$filter={quote(where)}"]
    for path in paths:
        response = await bc.get(path)
        assert response.status_code == 200, f"sandbox does not serve {path}: {response.text}"
        assert isinstance(response.json().get("value"), list), f"sandbox: {path} is no collection"


async def a_record(bc: BC, entity: Entity, company: str = "") -> dict[str, Any] | None:
    """A record of the entity, through its parent's when BC lists it only under one."""
    under = REGISTRY.parent_of(entity)
    if under is None:
        response = await bc.get(f"{company}{entity.entity_set}?$top=1")
        assert response.status_code == 200, response.text
        rows = response.json()["value"]
        return rows[0] if rows else None
    parent, children = under
    response = await bc.get(f"{company}{parent.entity_set}?$top=20&$expand={children.nav}")
    assert response.status_code == 200, response.text
    return next((c for p in response.json()["value"] for c in p[children.nav]), None)
