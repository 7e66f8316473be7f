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
`bcCode` and BC's message, and `field` when the message names an input field
(resolvers/refusals.py), NOT_FOUND, …); a stale etag becomes CONFLICT with the record's
current etag, read with one GET after BC's 409. A POST is never retried except on 429
(BCClient), so a create that timed out is reported UPSTREAM_UNAVAILABLE (outcomeUnknown)
and never sent twice.
"""

from __future__ import annotations

from typing import Any

from bcmodel import Entity, Registry
from gateway.bc import odata, urls
from gateway.bc.types import BCRequest, BCResponse
from gateway.errors import BadUserInput, Conflict, GatewayError, NotFound, UpstreamError
from resolvers import inputs, loaders, refusals, translate, write_batch
from resolvers.context import Upstream, context_of, registry_of, resolve
from resolvers.fetch import entity_label
from resolvers.invalidation import acted, forget, written
from resolvers.lookahead import Plan, flatten, plan
from resolvers.rows import Row, to_row

ENTITY_CHANGED = "Request_EntityChanged"


async def create(
    info: Any,
    entity: Entity,
    value: Any,
    company_id: str | None,
    parent_id: str | None = None,
    parent_kind: str | None = None,
) -> Row:
    up, company = await resolve(info, company_id)
    registry = registry_of(info)
    # Checked (and refused, naming the field) before anything goes to BC.
    request = inputs.create_request(entity, value, company, registry, parent_id, parent_kind)
    try:
        response = await write_batch.send(info, up, write_batch.Create(entity, company, request))
    except BadUserInput as refused:
        raise refusals.naming_field(refused, entity, request.body) from None
    finally:
        forget(context_of(info), company, written(entity))
    return _record(response, entity, company, registry)


async def update(
    info: Any,
    entity: Entity,
    record_id: str,
    value: Any,
    etag: str | None,
    company_id: str | None,
    parent_id: str | None = None,
    parent_kind: str | None = None,
) -> Row:
    up, company = await resolve(info, company_id)
    registry = registry_of(info)
    body = inputs.update_body(entity, value)
    path = inputs.record(entity, company, record_id, registry, parent_id, parent_kind)
    request = BCRequest("PATCH", str(path), body=body, headers=inputs.if_match(etag))
    try:
        response = await up.send(request)
    except Conflict as conflict:
        raise await _with_current_etag(up, entity, path, conflict) from None
    except BadUserInput as refused:
        raise refusals.naming_field(refused, entity, body) from None
    finally:
        forget(context_of(info), company, written(entity))
    return _record(response, entity, company, registry)


async def delete(
    info: Any,
    entity: Entity,
    record_id: str,
    etag: str | None,
    company_id: str | None,
    parent_id: str | None = None,
    parent_kind: str | None = None,
) -> str:
    up, company = await resolve(info, company_id)
    path = inputs.record(entity, company, record_id, registry_of(info), parent_id, parent_kind)
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
        raise TypeError(f"{entity.ref} declares no action {name}")
    up, company = await resolve(info, company_id)
    ctx = context_of(info)
    registry = registry_of(info)
    path = inputs.record(entity, company, record_id, registry).action(bound.name)
    try:
        response = await up.send(BCRequest("POST", str(path)))
    finally:
        forget(ctx, company, acted(entity, bound))
    if bound.result is not None:
        target = registry.target(entity, bound.result)
        located = _located(response, target)
        if located is None:
            if not bound.result_key:
                raise UpstreamError(
                    "Business Central answered the action without the "
                    f"{entity_label(target)}'s location."
                )
            return await _action_result(info, up, company, target, bound.result_key, record_id)
        # The action left another record (a quote made into an invoice): BC names it.
        entity, record_id = target, located
    wanted = plan(entity, flatten(info.selected_fields[0].selections), registry)
    loader = loaders.by_id(ctx, up, entity, company, wanted, registry)
    row = await loader.load(urls.guid(record_id))
    if row is None:  # deleted between the action and the read
        raise NotFound(f"There is no {entity_label(entity)} with id {record_id}.", id=record_id)
    return row


def _located(response: BCResponse, entity: Entity) -> str | None:
    """The id in the Location header of BC's answer to an action that leaves a record."""
    location = next((v for k, v in response.headers.items() if k.lower() == "location"), "")
    head, _, rest = location.rpartition(f"{entity.entity_set}(")
    if not head or not rest.endswith(")"):
        return None
    return urls.guid(rest[:-1])


async def _action_result(
    info: Any, up: Upstream, company: str, target: Entity, key: str, record_id: str
) -> Row:
    """The record an action made from the one acted on (the invoice posted from an order),
    found by its field naming that record, when BC's answer does not locate it: one GET."""
    registry = registry_of(info)
    wanted = plan(target, flatten(info.selected_fields[0].selections), registry)
    where = odata.prop(key, target).eq(urls.guid(record_id))
    params = translate.options(wanted, where, top=1)
    path = str(urls.company(company, target.route).child(target.entity_set))
    response = await up.send(BCRequest("GET", path, params))
    rows = response.body.get("value", []) if isinstance(response.body, dict) else []
    if not rows:
        raise NotFound(f"BC made no {entity_label(target)} from the record {record_id}.")
    return to_row(rows[0], target, company, registry)


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


def _record(response: BCResponse, entity: Entity, company: str, registry: Registry) -> Row:
    if not isinstance(response.body, dict):
        raise UpstreamError(f"Business Central answered a {entity.name} write without the record.")
    return to_row(response.body, entity, company, registry)
