"""Streams: a record's binary content (a file), which BC keeps out of the record's JSON.

    download  GET  {record}/{field}                  raw bytes, one call per record
    upload    POST {set}, then PATCH {record}/{field} (If-Match *, the raw body)

GraphQL carries the bytes base64-encoded. A record that BC reads only under its parent
(`Entity.reached_under`: a document's PDF) is reached through the parent's navigation:
`salesInvoices({id})/pdfDocument/pdfDocumentContent`.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from bcmodel import Entity, Field
from gateway.bc import urls
from gateway.bc.types import BCRequest
from gateway.errors import BadUserInput, GatewayError, NotFound, UpstreamError
from resolvers import inputs, loaders, mutations
from resolvers.context import context_of, registry_of, resolve
from resolvers.fetch import entity_label
from resolvers.invalidation import forget, written
from resolvers.lookahead import flatten, plan
from resolvers.rows import COMPANY_KEY, Row


def stream_path(entity: Entity, row: Row, field: Field) -> str:
    """Where BC serves the record's stream."""
    company = str(row[COMPANY_KEY])
    base = urls.company(company, entity.route)
    if entity.reached_under:
        parent_set = entity.parent_set(str(row.get("parentType") or ""))
        if parent_set is None or not row.get("parentId"):
            raise UpstreamError(f"BC gave the {entity_label(entity)} no parent to read it under.")
        path = base.child(parent_set, str(row["parentId"])).child(entity.entity_set)
    else:
        path = base.child(entity.entity_set, str(row[entity.key]))
    return str(path.child(field.name))


async def download(info: Any, root: Row, entity: Entity, field: Field) -> str:
    """The stream's bytes, base64-encoded; empty text when the record has no content."""
    up = await context_of(info).upstream()
    content = await up.content(stream_path(entity, root, field))
    return base64.b64encode(content).decode("ascii")


def decoded(content: str, argument: str = "content") -> bytes:
    """Standard base64 (RFC 4648, with its padding), whitespace allowed between lines."""
    text = "".join(content.split())
    try:
        # Whole 4-character groups: Python's decoder would take a stray "=" at the end.
        if len(text) % 4:
            raise binascii.Error("incomplete group")
        return binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError):
        raise BadUserInput(
            f"{argument} is not valid base64 (RFC 4648's standard alphabet, with padding).",
            field=argument,
        ) from None


def uploaded_field(entity: Entity) -> Field:
    field = next((f for f in entity.streams if not f.read_only), None)
    if field is None:  # pragma: no cover - the schema offers no upload then
        raise TypeError(f"{entity.ref} has no writable stream")
    return field


async def upload(
    info: Any, entity: Entity, value: Any, content: str, company_id: str | None
) -> Row:
    """Creates the record, uploads its content, and reads it again (its new size): three
    calls to BC. A failed upload deletes the new record, so that a retry leaves no
    record without its content."""
    data = decoded(content)
    field = uploaded_field(entity)
    created = await mutations.create(info, entity, value, company_id)
    up, company = await resolve(info, company_id)
    registry = registry_of(info)
    record_id = str(created[entity.key])
    try:
        await up.upload(stream_path(entity, created, field), data)
    except GatewayError:
        path = inputs.record(entity, company, record_id, registry)
        try:
            await up.send(BCRequest("DELETE", str(path), headers={"If-Match": "*"}))
        except GatewayError:
            pass  # the upload's own error is the one to report
        raise
    finally:
        forget(context_of(info), company, written(entity))
    wanted = plan(entity, flatten(info.selected_fields[0].selections), registry)
    row = await loaders.by_id(context_of(info), up, entity, company, wanted, registry).load(
        urls.guid(record_id)
    )
    if row is None:  # deleted between the upload and the read
        raise NotFound(f"There is no {entity_label(entity)} with id {record_id}.", id=record_id)
    return row
