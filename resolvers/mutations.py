"""Mutation resolvers: one BC write each, then what it changed is dropped from the
request's loader caches (resolvers/invalidation.py) so later fields read BC again.

    create   POST {set}                              201 + the record (an invoice with
                                                     lines: one deep-insert POST)
    update   PATCH {set}({id}) + If-Match            200 + the record; only fields given
    delete   DELETE {set}({id}) + If-Match           204
    action   POST {set}({id})/Microsoft.NAV.{name}   204, then one GET

A contained entity is written under its parent (an invoice line under its invoice:
`purchaseInvoices({inv})/purchaseInvoiceLines`), so an id from another parent is
NOT_FOUND. BC's refusals come back mapped by gateway.bc.errors (BAD_USER_INPUT with
`bcCode` and BC's message, NOT_FOUND, …); a stale etag becomes CONFLICT with the record's
current etag, read with one GET after BC's 409. A POST is never retried except on 429
(BCClient), so a create that timed out is reported UPSTREAM_UNAVAILABLE (outcomeUnknown)
and never sent twice.
"""

from __future__ import annotations

from typing import Any

from bcmodel import Entity
from bcmodel import entity as declared
from gateway.bc import urls
from gateway.bc.types import BCRequest, BCResponse
from gateway.errors import Conflict, GatewayError, NotFound, UpstreamError
from resolvers import inputs, loaders, translate, write_batch
from resolvers.context import Upstream, context_of, resolve
from resolvers.fetch import entity_label
from resolvers.invalidation import acted, forget, written
from resolvers.lookahead import Plan, flatten, plan
from resolvers.rows import Row, to_row

ENTITY_CHANGED = "Request_EntityChanged"


async def create(
    info: Any, entity: Entity, value: Any, company_id: str | None, parent_id: str | None = None
) -> Row:
    up, company = await resolve(info, company_id)
    # Checked (and refused, naming the field) before anything goes to BC.
    request = inputs.create_request(entity, value, company, parent_id)
    try:
        response = await write_batch.send(info, up, write_batch.Create(entity, company, request))
    finally:
        forget(context_of(info), company, written(entity))
    return _record(response, entity, company)


async def update(
    info: Any,
    entity: Entity,
    record_id: str,
    value: Any,
    etag: str | None,
    company_id: str | None,
    parent_id: str | None = None,
) -> Row:
    up, company = await resolve(info, company_id)
    body = inputs.update_body(entity, value)
    path = inputs.record(entity, company, record_id, parent_id)
    request = BCRequest("PATCH", str(path), body=body, headers=inputs.if_match(etag))
    try:
        response = await up.send(request)
    except Conflict as conflict:
        raise await _with_current_etag(up, entity, path, conflict) from None
    finally:
        forget(context_of(info), company, written(entity))
    return _record(response, entity, company)


async def delete(
    info: Any,
    entity: Entity,
    record_id: str,
    etag: str | None,
    company_id: str | None,
    parent_id: str | None = None,
) -> str:
    up, company = await resolve(info, company_id)
    path = inputs.record(entity, company, record_id, parent_id)
    try:
        await up.send(BCRequest("DELETE", str(path), headers=inputs.if_match(etag)))
    except Conflict as conflict:
        raise await _with_current_etag(up, entity, path, conflict) from None
    finally:
        forget(context_of(info), company, written(entity))
    return urls.guid(record_id)


async def action(
    info: Any, entity: Entity, name: str, record_id: str, company_id: str | None
) -> Row:
    """Runs a bound action (posting a draft invoice); BC answers 204, so the record is read
    again (one GET shaped by the selection's look-ahead, which also leaves it in the
    request's loader cache)."""
    bound = entity.action(name)
    if bound is None:  # pragma: no cover - schema wiring error
        raise TypeError(f"{entity.entity_set} declares no action {name}")
    up, company = await resolve(info, company_id)
    ctx = context_of(info)
    path = inputs.record(entity, company, record_id).action(bound.name)
    try:
        response = await up.send(BCRequest("POST", str(path)))
    finally:
        forget(ctx, company, acted(entity, bound))
    if bound.result is not None:
        # The action left another record (a quote made into an invoice): BC names it.
        entity = declared(bound.result)
        record_id = _located(response, entity)
    wanted = plan(entity, flatten(info.selected_fields[0].selections))
    loader = loaders.by_id(ctx, up, entity, company, wanted)
    row = await loader.load(urls.guid(record_id))
    if row is None:  # deleted between the action and the read
        raise NotFound(f"There is no {entity_label(entity)} with id {record_id}.", id=record_id)
    return row


def _located(response: BCResponse, entity: Entity) -> str:
    """The id in the Location header of BC's answer to an action that leaves a record."""
    location = next((v for k, v in response.headers.items() if k.lower() == "location"), "")
    head, _, rest = location.rpartition(f"{entity.entity_set}(")
    if not head or not rest.endswith(")"):
        raise UpstreamError(
            f"Business Central answered the action without the {entity_label(entity)}'s location."
        )
    return rest[:-1]


async def _with_current_etag(
    up: Upstream, entity: Entity, path: urls.ResourcePath, conflict: Conflict
) -> GatewayError:
    """BC's 409 for a stale etag, with the etag the record has now, so the client can
    re-read or retry knowingly. Other 409s (a duplicate key) pass through as they are."""
    if conflict.extensions.get("bcCode") != ENTITY_CHANGED:
        return conflict
    params = translate.options(Plan(entity, {entity.key}))
    try:
        current = await up.send(BCRequest("GET", str(path), params))
    except NotFound as gone:
        return NotFound(
            "The record was deleted by someone else since it was read.", **gone.extensions
        )
    except GatewayError:
        return conflict  # the conflict stands; only its current etag is unknown
    etag = current.body.get("@odata.etag") if isinstance(current.body, dict) else None
    return Conflict(
        "The record was changed by someone else since it was read (stale etag): read it "
        "again, or retry with currentEtag to overwrite.",
        currentEtag=etag,
        **conflict.extensions,
    )


def _record(response: BCResponse, entity: Entity, company: str) -> Row:
    if not isinstance(response.body, dict):
        raise UpstreamError(f"Business Central answered a {entity.name} write without the record.")
    return to_row(response.body, entity, company)
