"""Creating, updating and deleting records: the checks every entity shares (capabilities,
ETags, field values), then the entity's own rules (sandbox/rules/)."""

from __future__ import annotations

import dataclasses
from typing import Any

from bcmodel import Entity, Registry
from sandbox.errors import ODataError, bad_request, method_not_allowed, record_not_found
from sandbox.rules import WriteContext, rules_for
from sandbox.store import Record, Scope, Store
from sandbox.targets import find_under, parent_key
from sandbox.values import body_fields, now_iso, stream_text


def invalid_token() -> ODataError:
    return bad_request(
        "Could not validate the client concurrency token required by the service. "
        "Please provide a valid token in the client request.",
        code="BadRequest_InvalidToken",
    )


def entity_changed() -> ODataError:
    return ODataError(409, "Request_EntityChanged", "Another user has already changed the record.")


def check_etag(record: Record, if_match: str | None, *, required: bool) -> None:
    if if_match is None or not if_match.strip():
        if required:
            raise invalid_token()
        return
    tags = [t.strip() for t in if_match.split(",")]
    if "*" in tags:
        return
    if not all(t.startswith(('W/"', '"')) and t.endswith('"') for t in tags):
        raise invalid_token()
    if record.etag not in tags:
        raise entity_changed()


class Writer:
    def __init__(self, store: Store, entities: Registry) -> None:
        self._entities = entities
        self._store = store

    def _context(self, scope: Scope, user_id: str) -> WriteContext:
        return WriteContext(self._store, scope, now_iso(), user_id, self._entities, rules_for)

    def create(
        self,
        scope: Scope,
        entity: Entity,
        body: Any,
        *,
        user_id: str,
        parent_id: str | None = None,
        parent: Entity | None = None,
    ) -> Record:
        if not entity.insertable:
            raise method_not_allowed("POST", entity.entity_set, "Collection")
        body = _object(body)
        rules = rules_for(entity)
        ctx = dataclasses.replace(self._context(scope, user_id), parent=parent)
        with self._store.transaction():
            return rules.create(ctx, entity, body, parent_id=parent_id)

    def update(
        self,
        scope: Scope,
        entity: Entity,
        record_id: str,
        body: Any,
        if_match: str | None,
        *,
        user_id: str,
        parent_id: str | None = None,
    ) -> Record:
        if not entity.updatable:
            raise method_not_allowed("PATCH", entity.entity_set)
        body = _object(body)
        record = self._existing(scope, entity, record_id, parent_id)
        check_etag(record, if_match, required=True)
        changes = body_fields(entity, body, creating=False)
        rules = rules_for(entity)
        ctx = self._context(scope, user_id)
        with self._store.transaction():
            return rules.update(ctx, entity, record, changes)

    def delete(
        self,
        scope: Scope,
        entity: Entity,
        record_id: str,
        if_match: str | None,
        *,
        user_id: str,
        parent_id: str | None = None,
    ) -> None:
        if not entity.deletable:
            raise method_not_allowed("DELETE", entity.entity_set)
        record = self._existing(scope, entity, record_id, parent_id)
        # BC's API reference lists If-Match as required on every DELETE, as on PATCH.
        check_etag(record, if_match, required=True)
        rules = rules_for(entity)
        ctx = self._context(scope, user_id)
        with self._store.transaction():
            rules.delete(ctx, entity, record)

    def write_stream(
        self,
        scope: Scope,
        entity: Entity,
        record_id: str,
        name: str,
        content: bytes,
        if_match: str | None,
        *,
        user_id: str,
    ) -> Record:
        """A PATCH of a stream's raw content: stored as given, and the field that holds
        its size (`Field.stream_size`) follows it."""
        field = entity.field(name)
        assert field is not None and field.stream
        if not entity.updatable or field.read_only:
            raise method_not_allowed("PATCH", name)
        record = self._existing(scope, entity, record_id, None)
        check_etag(record, if_match, required=True)
        changes: dict[str, Any] = {name: stream_text(content)}
        if field.stream_size:
            changes[field.stream_size] = len(content)
        rules = rules_for(entity)
        ctx = self._context(scope, user_id)
        with self._store.transaction():
            return rules.update(ctx, entity, record, changes)

    def action(
        self,
        scope: Scope,
        entity: Entity,
        record_id: str,
        name: str,
        if_match: str | None,
        *,
        user_id: str,
    ) -> str | None:
        if entity.action(name) is None:
            raise ODataError(
                400,
                "BadRequest_MethodNotImplemented",
                f"Entity '{entity.name}' does not support the bound action '{name}'.",
            )
        rules = rules_for(entity)
        # The record a GET by key reads: some pages reach records of other sets by id (BC's
        # journals post a payment journal's batch).
        record = rules.fetched(self._store, scope, entity, record_id)
        if record is None:
            raise record_not_found(entity.title or entity.name, record_id)
        # BC's docs show bound actions without If-Match; one that is sent is checked, so a
        # stale one stops the action as it stops a PATCH.
        check_etag(record, if_match, required=False)
        ctx = self._context(scope, user_id)
        with self._store.transaction():
            result = rules.action(ctx, entity, record, name)
        if ctx.after_commit:
            raise ctx.after_commit[0]
        return result

    def _existing(
        self, scope: Scope, entity: Entity, record_id: str, parent_id: str | None
    ) -> Record:
        # A record reached under a parent it is not contained in (a vendor's default
        # dimension) was matched to the parent when the path was resolved.
        if parent_id is not None and entity.parent is not None:
            record = find_under(
                self._store, scope, entity, record_id, parent_key(entity), parent_id
            )
        else:
            record = self._store.get(scope, entity.ref, record_id)
        if record is None:
            raise record_not_found(entity.title or entity.name, record_id)
        return record


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad_request("Invalid Request Body")
    return body
