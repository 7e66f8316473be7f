"""What a resource path addresses: an entity set, a record by key, a navigation from one,
a bound action, or their `$count`, within a company that must exist.

The API resolves the path before it reads or writes anything; a path that addresses
nothing gets BC's errors for it (an unknown segment, a missing company or parent record).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bcmodel import STANDARD_ROUTE, Entity, Registry, Route
from sandbox.errors import ODataError, method_not_allowed, not_found_segment
from sandbox.paths import Segment, guid_key
from sandbox.rules import rules_for
from sandbox.store import Record, Scope, Store

__all__ = ["Target", "Targets", "find_under", "not_found", "parent_key"]


@dataclass(frozen=True)
class Target:
    entity: Entity
    scope: Scope
    record_id: str | None = None  # addressed by key
    parent_id: str | None = None  # lines under an invoice
    # The field of the entity that holds parent_id: a contained record's parent key, or
    # the navigation's key (a vendor's defaultDimensions by their parentId).
    parent_field: str | None = None
    # The entity of the record the path went through to reach the set (parent_id's).
    parent_entity: Entity | None = None
    parent_path: str = ""  # the context path before the entity set
    # A single-valued navigation: (source entity, its record's id, the navigation's name).
    navigation_of: tuple[Entity, str, str] | None = None
    action: str | None = None
    count: bool = False
    # A stream field of the record addressed (`attachments({id})/attachmentContent`).
    stream: str | None = None


class Targets:
    """Resolves paths against the store's companies and records."""

    def __init__(self, store: Store, entities: Registry) -> None:
        self._store = store
        self._entities = entities

    def resolve(
        self,
        root: Scope,
        params: Mapping[str, str],
        method: str,
        segments: list[Segment],
        route: Route = STANDARD_ROUTE,
    ) -> Target:
        """The target of `segments` (the path after `api/{route}/`) in the environment
        `root`. Every route has the companies; the rest are the route's own sets."""
        companies = self._entities.companies
        count = segments[-1].name == "$count" and segments[-1].key is None
        if count:
            segments = segments[:-1]
            if not segments:
                raise not_found_segment("$count")
        first = segments[0]
        if first.name == companies.entity_set:
            if first.key is None:
                if len(segments) > 1:
                    raise not_found_segment(segments[1].name)
                return Target(companies, root, count=count)
            company_id = guid_key(first)
            if len(segments) == 1:
                return Target(companies, root, record_id=company_id, count=count)
            scope = self._company(root, company_id)
            prefix = f"{companies.entity_set}({company_id})/"
            return self._within(scope, segments[1:], prefix, count, method, route)
        entity = self._entities.in_route(route, first.name)
        if entity is None or not entity.company_scoped or first.name.startswith("_"):
            raise not_found_segment(first.name)
        company = params.get("company")
        if not company:
            raise ODataError(
                400,
                "Internal_CompanyNotFound",
                "Cannot process the request because the default company cannot be found. "
                "You can specify a default company in the service configuration file, or specify "
                "one for each tenant, or you can add a query string in the form "
                "'company=[name]'.",
            )
        scope = self._company_by_param(root, company)
        prefix = f"{companies.entity_set}({scope.company_id})/"
        return self._within(scope, segments, prefix, count, method, route)

    def _within(
        self,
        scope: Scope,
        segments: list[Segment],
        prefix: str,
        count: bool,
        method: str,
        route: Route,
    ) -> Target:
        head = segments[0]
        entity = self._entities.in_route(route, head.name)
        if entity is None or not entity.company_scoped:
            raise not_found_segment(head.name)
        if head.key is None:
            if len(segments) > 1:
                raise not_found_segment(segments[1].name)
            return Target(entity, scope, parent_path=prefix, count=count)
        record_id = guid_key(head)
        if len(segments) == 1:
            return Target(entity, scope, record_id=record_id, parent_path=prefix, count=count)
        nav_segment = segments[1]
        if nav_segment.name.startswith("Microsoft.NAV."):
            if len(segments) > 2 or method != "POST":
                raise method_not_allowed(method, nav_segment.name)
            return Target(
                entity,
                scope,
                record_id=record_id,
                action=nav_segment.name.split(".")[-1],
                parent_path=prefix,
            )
        if _stream(entity, nav_segment) and len(segments) == 2 and not count:
            return Target(
                entity, scope, record_id=record_id, parent_path=prefix, stream=nav_segment.name
            )
        nav = entity.nav(nav_segment.name)
        target = self._entities.in_route(route, nav.target) if nav else None
        # A single record's stream may follow a to-one navigation (a document's PDF).
        stream = segments[2] if len(segments) == 3 and nav and not nav.collection else None
        if stream is not None and target is not None and _stream(target, stream) and not count:
            stream_name: str | None = stream.name
        elif nav is None or target is None or len(segments) > 2:
            raise not_found_segment(nav_segment.name)
        else:
            stream_name = None
        assert nav is not None and target is not None
        # As a GET by key finds it: a computed view (G/L entries) has no stored rows.
        parent = rules_for(entity).fetched(self._store, scope, entity, record_id)
        if parent is None:
            raise not_found(entity, record_id)
        path = f"{prefix}{entity.entity_set}({record_id})/"
        if nav.collection:
            child_key = guid_key(nav_segment) if nav_segment.key is not None else None
            return Target(
                target,
                scope,
                record_id=child_key,
                parent_id=str(parent.row[nav.local_key]),
                parent_field=nav.remote_key,
                parent_entity=entity,
                parent_path=path,
                count=count,
            )
        if nav_segment.key is not None:
            raise not_found_segment(f"{nav_segment.name}({nav_segment.key})")
        return Target(
            target,
            scope,
            parent_path=prefix,
            navigation_of=(entity, record_id, nav.name),
            count=count,
            stream=stream_name,
        )

    def _company(self, root: Scope, company_id: str) -> Scope:
        if self._store.get(root, self._entities.companies.ref, company_id) is None:
            raise ODataError(
                404, "Internal_CompanyNotFound", f"The company '{company_id}' does not exist."
            )
        return Scope(root.tenant_id, root.environment, company_id)

    def _company_by_param(self, root: Scope, value: str) -> Scope:
        for record in self._store.records(root, self._entities.companies.ref):
            if value.lower() in (record.row["id"], record.row["name"].lower()):
                return Scope(root.tenant_id, root.environment, record.row["id"])
        raise ODataError(404, "Internal_CompanyNotFound", f"The company '{value}' does not exist.")


def _stream(entity: Entity, segment: Segment) -> bool:
    field = entity.field(segment.name)
    return segment.key is None and field is not None and field.stream


def not_found(entity: Entity, record_id: str) -> ODataError:
    return ODataError(
        404,
        "Internal_RecordNotFound",
        f"The {entity.title or entity.name} does not exist. "
        f"Identification fields and values: Id='{record_id}'",
    )


def find_under(
    store: Store, scope: Scope, entity: Entity, record_id: str, field: str, parent_id: str
) -> Record | None:
    """The record with this id among the records whose `field` holds `parent_id`: a record
    addressed under a parent, whose id may be unique only there (a dimension set line)."""
    record = store.get(scope, entity.ref, record_id)
    if record is not None and str(record.row[field]).lower() == parent_id:
        return record
    return next(
        (
            r
            for r in store.records(scope, entity.ref)
            if str(r.row["id"]).lower() == record_id and str(r.row[field]).lower() == parent_id
        ),
        None,
    )


def parent_key(entity: Entity) -> str:
    """The field of a contained entity that holds its parent's key (a line's documentId)."""
    up = entity.relation(entity.parent) if entity.parent is not None else None
    if up is None:
        raise LookupError(f"{entity.entity_set} lives under no parent")
    return up.local_key
