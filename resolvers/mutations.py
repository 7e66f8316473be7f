"""Mutation resolvers: one BC write each, then what it changed is dropped from the
request's loader caches (resolvers/invalidation.py) so later fields read BC again.

    create   POST {set}                              201 + the record (an invoice with
                                                     lines: one deep-insert POST)
    update   PATCH {set}({id}) + If-Match            200 + the record; only fields given
    delete   DELETE {set}({id}) + If-Match           204
    post     POST purchaseInvoices({id})/Microsoft.NAV.post   204, then one GET

Lines are written under their invoice (`purchaseInvoices({inv})/purchaseInvoiceLines`),
so a line id from another invoice is NOT_FOUND. BC's refusals come back mapped by
gateway.bc.errors (BAD_USER_INPUT with `bcCode` and BC's message, NOT_FOUND, …); a stale
etag becomes CONFLICT with the record's current etag, read with one GET after BC's 409.
A POST is never retried except on 429 (BCClient), so a create that timed out is reported
UPSTREAM_UNAVAILABLE (outcomeUnknown) and never sent twice.
"""

from __future__ import annotations

from typing import Any

from bcmodel import Entity
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from gateway.bc import urls
from gateway.bc.types import BCRequest, BCResponse
from gateway.errors import Conflict, GatewayError, NotFound, UpstreamError
from resolvers import inputs, loaders, translate, write_batch
from resolvers.context import Upstream, context_of, resolve
from resolvers.fetch import entity_label
from resolvers.invalidation import CHANGES, POSTING, forget
from resolvers.lookahead import Plan, flatten, plan
from resolvers.rows import Row, to_row

ENTITY_CHANGED = "Request_EntityChanged"


async def create(
    info: Any, entity: Entity, value: Any, company_id: str | None, invoice_id: str | None = None
) -> Row:
    up, company = await resolve(info, company_id)
    # Checked (and refused, naming the field) before anything goes to BC.
    request = inputs.create_request(entity, value, company, invoice_id)
    try:
        response = await write_batch.send(info, up, write_batch.Create(entity, company, request))
    finally:
        forget(context_of(info), company, CHANGES[entity.entity_set])
    return _record(response, entity, company)


async def update(
    info: Any,
    entity: Entity,
    record_id: str,
    value: Any,
    etag: str | None,
    company_id: str | None,
    invoice_id: str | None = None,
) -> Row:
    up, company = await resolve(info, company_id)
    body = inputs.update_body(entity, value)
    path = inputs.record(entity, company, record_id, invoice_id)
    request = BCRequest("PATCH", str(path), body=body, headers=inputs.if_match(etag))
    try:
        response = await up.send(request)
    except Conflict as conflict:
        raise await _with_current_etag(up, entity, path, conflict) from None
    finally:
        forget(context_of(info), company, CHANGES[entity.entity_set])
    return _record(response, entity, company)


async def delete(
    info: Any,
    entity: Entity,
    record_id: str,
    etag: str | None,
    company_id: str | None,
    invoice_id: str | None = None,
) -> str:
    up, company = await resolve(info, company_id)
    path = inputs.record(entity, company, record_id, invoice_id)
    try:
        await up.send(BCRequest("DELETE", str(path), headers=inputs.if_match(etag)))
    except Conflict as conflict:
        raise await _with_current_etag(up, entity, path, conflict) from None
    finally:
        forget(context_of(info), company, CHANGES[entity.entity_set])
    return urls.guid(record_id)


async def post_invoice(info: Any, record_id: str, company_id: str | None) -> Row:
    """Posts a draft; BC answers 204, so the invoice is read again (one GET shaped by the
    selection's look-ahead, which also leaves it in the request's loader cache)."""
    up, company = await resolve(info, company_id)
    ctx = context_of(info)
    path = inputs.record(PURCHASE_INVOICE, company, record_id).action("post")
    try:
        await up.send(BCRequest("POST", str(path)))
    finally:
        forget(ctx, company, POSTING)
    wanted = plan(PURCHASE_INVOICE, flatten(info.selected_fields[0].selections))
    loader = loaders.by_id(ctx, up, PURCHASE_INVOICE, company, wanted)
    row = await loader.load(urls.guid(record_id))
    if row is None:  # deleted between the post and the read
        raise NotFound(
            f"There is no {entity_label(PURCHASE_INVOICE)} with id {record_id}.", id=record_id
        )
    return row


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
