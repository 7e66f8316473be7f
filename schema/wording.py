"""The descriptions of an entity's root fields, mutations, inputs and EntityKind member,
built from the wording its declaration gives (bcmodel's `GraphQL`) or, where it gives
none, from its names: `purchaseInvoice` is "the purchase invoice", "a purchase
invoice", "purchase invoices"."""

from __future__ import annotations

import re

from bcmodel import Entity, GraphQL, Watch

DEFAULTS = "A field left out or null gets BC's default."
UPDATE_INPUT = "Only the fields given change; null clears one where it can (see each field)."
UPDATE = (
    "Changes only the fields given. With `etag` (as read) a record changed since is a "
    "CONFLICT carrying its currentEtag; without it the change overwrites."
)
DELETE = "Deletes the record (guarded by `etag` when given); returns its id."


def _shown(entity: Entity) -> GraphQL:
    if entity.graphql is None or entity.api is None:
        raise LookupError(f"{entity.entity_set} is not in the GraphQL API")
    return entity.graphql


def _type(entity: Entity) -> str:
    assert entity.api is not None
    return entity.api.type


def _words(name: str) -> str:
    """`purchaseInvoices` -> `purchase invoices`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def the_one(entity: Entity) -> str:
    return _shown(entity).the_one or f"the {_words(_type(entity))}"


def a_new(entity: Entity) -> str:
    return _shown(entity).a_new or f"a {_words(_type(entity))}"


def several(entity: Entity) -> str:
    return _shown(entity).several or _words(entity.entity_set)


def get(entity: Entity) -> str:
    return f"{_capital(the_one(entity))} with this id; an id BC does not have is NOT_FOUND."


def listed(entity: Entity) -> str:
    shown = _shown(entity)
    return shown.list_description or f"A page of {several(entity)}, filtered and sorted as asked."


def created(entity: Entity) -> str:
    shown = _shown(entity)
    return shown.create_description or f"Creates {a_new(entity)} and returns it as BC stored it."


def uploaded(entity: Entity, stream: str) -> str:
    return (
        f"Creates {a_new(entity)}, uploads its content ({stream}) and returns it as BC "
        "stored it, with its new size: three calls to BC. If BC refuses the content, the "
        "new record is deleted again. The content travels base64-encoded in the request, "
        "so the gateway's request body limit bounds it (a larger request is refused with "
        "HTTP 413 before it runs)."
    )


def create_input(entity: Entity) -> str:
    own = _shown(entity).create_input or f"A new {_words(_type(entity))}."
    return f"{own} {DEFAULTS}"


def update_input(entity: Entity) -> str:
    own = _shown(entity).update_input
    return f"{UPDATE_INPUT} {own}" if own else UPDATE_INPUT


def parent_id(entity: Entity) -> str:
    """The parent argument's: "The id of" and the relation to the parent's description."""
    assert entity.parent is not None
    up = entity.relation(entity.parent)
    assert up is not None
    said = up.description or f"The {_words(up.field)} it belongs to."
    return f"The id of {said[:1].lower()}{said[1:]}"


def kind(entity: Entity) -> str:
    own = _shown(entity).kind_description
    if own:
        return own
    said = f"{_type(entity)} records."
    if entity.watch is Watch.POLL:
        said += (
            f" BC has no webhook for {several(entity)}: bcgraph polls them "
            "(BCGRAPH_WEBHOOK_POLL_INTERVAL)."
        )
    return said
