"""What every entity's write rules share: blank rows, number series, unique keys, references.

`EntityRules` itself is the plain rules every entity gets, read from its declaration:
required fields and the table key never blank, the table key unique, numbers from the
number series, checked references, date formulas, company-wide values. Business logic
beyond that subclasses it (sandbox/rules/__init__.py says which).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bcmodel import STANDARD, Entity, Registry, Relation
from bcmodel.edm import EMPTY_GUID
from sandbox.errors import ODataError, bad_request
from sandbox.errors import dialog as dialog  # the rules raise it from here
from sandbox.options import QueryOptions
from sandbox.rules.field_checks import check_fields, key_caption
from sandbox.store import Record, Row, Scope, Store, record_key
from sandbox.values import body_fields


@dataclass(frozen=True)
class WriteContext:
    store: Store
    scope: Scope
    now: str
    user_id: str
    # The entities the sandbox serves: references are looked up among them.
    entities: Registry
    # Each entity's rules (sandbox/rules/__init__.py): a deep insert creates a parent's
    # contained records by their own entity's rules.
    rules: Callable[[Entity], EntityRules]
    # An error BC raises after its action committed (postAndSend posts, commits, then
    # fails to send): the writes before it stand, and the request still fails with it.
    after_commit: list[ODataError] = field(default_factory=list)
    # The entity of the record a create was addressed under (`salesOrders` for
    # `salesOrders({id})/dimensionSetLines`), if any.
    parent: Entity | None = None


def blank_row(entity: Entity) -> Row:
    return {f.name: f.empty_value() for f in entity.fields}


def next_number(existing: list[str], default: str) -> str:
    """BC's number series, approximated: the highest number ending in digits, plus one,
    keeping its prefix and width."""
    best: tuple[int, str, int] | None = None
    for number in existing:
        m = re.match(r"^(.*?)(\d+)$", number)
        if m and (best is None or int(m.group(2)) > best[0]):
            best = (int(m.group(2)), m.group(1), len(m.group(2)))
    if best is None:
        return default
    value, prefix, width = best
    return f"{prefix}{value + 1:0{width}d}"


NUMBER_SERIES = "_numberSeries"


def take_number(ctx: WriteContext, code: str, existing: list[str], first: str) -> str:
    """The next number of the series `code`, which, like BC's No. Series, never hands a
    number out twice (a draft posted and renumbered does not free its draft number): the
    last number taken is kept in the company's hidden `_numberSeries`. A series not kept
    yet continues after the highest of `existing` (`first` when there is none)."""
    kept = next(
        (r for r in ctx.store.records(ctx.scope, NUMBER_SERIES) if r.row["code"] == code), None
    )
    if kept is None:
        number = next_number(existing, first)
        row = {"id": str(uuid.uuid4()), "code": code, "lastNumber": number, "incrementBy": 1}
        ctx.store.insert(ctx.scope, NUMBER_SERIES, row, notify=False)
        return number
    number = next_number([str(kept.row["lastNumber"]), *existing], first)
    ctx.store.replace(ctx.scope, NUMBER_SERIES, {**kept.row, "lastNumber": number}, notify=False)
    return number


def require_unique(
    ctx: WriteContext, entity: Entity, field: str, value: str, own_id: str | None = None
) -> None:
    for record in ctx.store.records(ctx.scope, entity.ref):
        if record.row[field] == value and record.row["id"] != own_id:
            raise ODataError(
                409,
                "Internal_EntityWithSameKeyExists",
                f"The {entity.title} already exists. Identification fields and values: "
                f"{key_caption(field)}='{value}'",
            )


def reference(ctx: WriteContext, entity_set: str, value: str) -> Record | None:
    if not value or value == EMPTY_GUID:
        return None
    return ctx.store.get(ctx.scope, entity_set, value)


def missing_reference(rel: Relation, target: Entity | None = None) -> ODataError:
    """BC's refusal of a reference to no record; `target` defaults to the standard API's
    entity of the relation's set."""
    target = target or STANDARD.by_ref(rel.target)
    title = target.title if target is not None else rel.target
    return dialog(f'The "{rel.local_key}" does not match to a {title}.')


def check_references(ctx: WriteContext, entity: Entity, row: Row) -> None:
    """The declared references (`Relation.checked`) name records that exist."""
    for rel in entity.relations:
        value = str(row[rel.local_key])
        if (
            rel.checked
            and value not in ("", EMPTY_GUID)
            and reference(ctx, entity.route.ref(rel.target), value) is None
        ):
            raise missing_reference(rel, ctx.entities.target(entity, rel.target))


def assign_number(ctx: WriteContext, entity: Entity, row: Row) -> None:
    """The next number of the entity's series, when the row has none."""
    series = entity.number_series
    if series is None or row[series.field]:
        return
    numbers = [r.row[series.field] for r in ctx.store.records(ctx.scope, entity.ref)]
    row[series.field] = next_number(numbers, series.first)


def require_field(row: Row, name: str) -> None:
    if not row.get(name):
        raise ODataError(
            400,
            "BadRequest_RequiredParamNotProvided",
            f"Field '{name}' must not be blank or empty.",
        )


def new_row(
    ctx: WriteContext, entity: Entity, body: dict[str, Any], *, allow: frozenset[str] = frozenset()
) -> Row:
    """A blank row with the body's writable fields, and an id: the client's (BC keeps a
    supplied id, refused if taken) or a new one."""
    row = blank_row(entity)
    row.update(body_fields(entity, body, creating=True, allow=allow))
    if row["id"] == EMPTY_GUID:
        row["id"] = str(uuid.uuid4())
    elif ctx.store.get(ctx.scope, entity.ref, row["id"]) is not None:
        raise ODataError(
            409,
            "Internal_EntityWithSameKeyExists",
            f"The {entity.title} already exists. Identification fields and values: "
            f"Id='{row['id']}'",
        )
    return row


def delete_cascaded(ctx: WriteContext, entity: Entity, record: Record) -> None:
    """The records BC deletes with this one (`Relation.cascade`)."""
    for rel in entity.relations:
        if not rel.cascade:
            continue
        key = str(record.row[rel.local_key]).lower()
        for child in ctx.store.records(ctx.scope, rel.target):
            if str(child.row[rel.remote_key]).lower() == key:
                ctx.store.delete(ctx.scope, rel.target, record_key(child.row), ctx.now)


def contained_in_body(
    ctx: WriteContext, entity: Entity, body: dict[str, Any]
) -> list[tuple[Relation, Entity, list[dict[str, Any]]]]:
    """The records a POST body creates with its parent (BC's deep insert): under each of
    the entity's contained collections that the body names, its relation, its entity and
    the records' bodies."""
    found = []
    for rel in entity.relations:
        if not (rel.contained and rel.many and rel.nav) or rel.nav not in body:
            continue
        child = ctx.entities.target(entity, rel.target)
        bodies = body[rel.nav]
        if not isinstance(bodies, list) or not all(isinstance(b, dict) for b in bodies):
            raise bad_request(
                f"The property '{rel.nav}' of a new {entity.title} must be an array of "
                f"{child.title} objects."
            )
        if bodies and not child.insertable:
            raise bad_request(f"{child.title} records cannot be created: '{rel.nav}' is read-only.")
        found.append((rel, child, bodies))
    return found


def fill_parent_key(
    ctx: WriteContext, entity: Entity, row: Row, body: dict[str, Any], parent_id: str | None
) -> None:
    """A contained record's key to its parent: the parent's of the path it was created
    under (as BC's sub-page link fills it), else the body's, which must name a parent."""
    under = ctx.entities.parent_of(entity)
    if under is None:
        return
    parent, down = under
    key = down.remote_key
    if parent_id is not None:
        if key in body and str(row[key]).lower() != parent_id.lower():
            raise dialog(
                f"The {key} of a {entity.title} created under a {parent.title} must be "
                f"that {parent.title}'s."
            )
        row[key] = parent_id
        return
    require_field(row, key)
    found = ctx.store.records(ctx.scope, parent.ref)
    if not any(str(r.row[down.local_key]).lower() == str(row[key]).lower() for r in found):
        raise dialog(f'The "{key}" does not match to a {parent.title}.')


class EntityRules:
    """Plain create/update/delete from the declaration; entities with business rules
    override the hooks (and call these where the plain rules still hold)."""

    def create(
        self, ctx: WriteContext, entity: Entity, body: dict[str, Any], *, parent_id: str | None
    ) -> Record:
        children = contained_in_body(ctx, entity, body)
        row = new_row(ctx, entity, body, allow=frozenset(r.nav or "" for r, _, _ in children))
        if "lastModifiedDateTime" in row:
            row["lastModifiedDateTime"] = ctx.now
        self.before_insert(ctx, entity, row, body, parent_id)
        record = ctx.store.insert(ctx.scope, entity.ref, row)
        record = self.after_insert(ctx, entity, record, body)
        # Deep insert: the children are created after their parent, under it, by their own
        # rules, in the same transaction (a refused child refuses the whole POST).
        for rel, child, bodies in children:
            rules = ctx.rules(child)
            for child_body in bodies:
                rules.create(ctx, child, child_body, parent_id=str(record.row[rel.local_key]))
        return record

    def update(
        self, ctx: WriteContext, entity: Entity, record: Record, changes: dict[str, Any]
    ) -> Record:
        row = dict(record.row)
        row.update(changes)
        # BC's platform moves SystemModifiedAt (which lastModifiedDateTime shows) only
        # when a field really changed; the webhook sender then drops the update's
        # notification as a null update (sandbox/webhooks/dispatcher.py).
        if "lastModifiedDateTime" in row and row != record.row:
            row["lastModifiedDateTime"] = ctx.now
        self.before_update(ctx, entity, record.row, row, changes)
        updated = ctx.store.replace(ctx.scope, entity.ref, row, at=ctx.now)
        return self.after_update(ctx, entity, updated)

    def delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        self.before_delete(ctx, entity, record)
        ctx.store.delete(ctx.scope, entity.ref, record_key(record.row), ctx.now)
        delete_cascaded(ctx, entity, record)
        self.after_delete(ctx, entity, record)

    def action(self, ctx: WriteContext, entity: Entity, record: Record, name: str) -> str | None:
        """Run the bound action; the id of its result when the action declares one (in
        `Action.result`'s entity set), else None."""
        raise bad_request(f"The action '{name}' is not supported.")  # pragma: no cover

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        fill_parent_key(ctx, entity, row, body, parent_id)
        assign_number(ctx, entity, row)
        self.check(ctx, entity, row)
        existing = ctx.store.records(ctx.scope, entity.ref)
        for f in entity.fields:
            if f.company_wide:
                row[f.name] = existing[0].row[f.name] if existing else f.empty_value()

    def after_insert(
        self, ctx: WriteContext, entity: Entity, record: Record, body: dict[str, Any]
    ) -> Record:
        return record

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        under = ctx.entities.parent_of(entity)
        if under is not None and row[under[1].remote_key] != old[under[1].remote_key]:
            # A contained record lives under its parent: it cannot move to another.
            raise dialog(f"The {under[1].remote_key} of a {entity.title} cannot be changed.")
        self.check(ctx, entity, row)

    def check(self, ctx: WriteContext, entity: Entity, row: Row) -> None:
        """What a written row must satisfy, in the order BC checks it."""
        key = entity.table_key
        for name in dict.fromkeys((*entity.required, *((key,) if key else ()))):
            require_field(row, name)
        if key is not None:
            require_unique(ctx, entity, key, row[key], row["id"])
        check_references(ctx, entity, row)
        check_fields(ctx, entity, row)

    def listed(
        self, store: Store, scope: Scope, entity: Entity, opts: QueryOptions
    ) -> list[Record]:
        """The records a GET of the whole set (not under a parent) filters, orders and pages."""
        return store.records(scope, entity.ref)

    def fetched(self, store: Store, scope: Scope, entity: Entity, record_id: str) -> Record | None:
        """The record a GET by key reads (computed views have no stored rows)."""
        return store.get(scope, entity.ref, record_id)

    def after_update(self, ctx: WriteContext, entity: Entity, record: Record) -> Record:
        return record

    def before_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        pass

    def after_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        pass
