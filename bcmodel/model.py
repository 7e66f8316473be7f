"""The vocabulary entity declarations are written in: relations, actions, GraphQL names,
how changes are watched, what the sandbox adds, and the Entity itself (its values' types
and fields are in edm.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

from bcmodel.edm import Edm, Field, encode_name
from bcmodel.logic import Logic
from bcmodel.routes import STANDARD_ROUTE, Route


class Watch(Enum):
    """How the gateway learns that an entity's records changed (its live events)."""

    NONE = "none"  # no live events
    WEBHOOK = "webhook"  # BC accepts webhook subscriptions on the entity set
    # BC cannot webhook it (a temporary table): polled. Each poll reads every id of the
    # set, so this is for small tables.
    POLL = "poll"
    # BC notifies the parent (`Entity.parent`) for a change to one of these, so their
    # changes are derived from the parent's rows (invoice lines from their invoice).
    PARENT = "parent"


@dataclass(frozen=True)
class Relation:
    """A relation of the API: `local_key` on this entity matches `remote_key` on the target.

    With `nav` it is BC's navigation property (in `$metadata`; `$expand` reads it in the
    parent's call); without, a foreign-key lookup the gateway adds: one query on the
    target's set (`vendor.purchaseInvoices`: BC has no such navigation).
    """

    field: str  # the GraphQL field
    target: str  # the target's entity set
    local_key: str
    remote_key: str = "id"
    many: bool = False
    nav: str | None = None
    # Contained collections are addressable under the parent
    # (`purchaseInvoices({id})/purchaseInvoiceLines`), and created with it (deep insert).
    contained: bool = False
    # The GraphQL field's description; for a contained one, `created` describes the
    # create input's field that creates the children with the parent.
    description: str = ""
    created: str = ""
    # BC refuses a write whose `local_key` names no record of the target (a blank key is
    # fine): `The "paymentTermsId" does not match to a Payment Terms.`
    checked: bool = False
    # BC deletes the targets with this record (a vendor's default dimensions go with it).
    cascade: bool = False
    # On a contained relation to records that live under several kinds of parent (their
    # entity's `parent_kind`): the member of that field's enum that names this parent, as
    # BC's part links it (`"Parent Type" = const("Sales Invoice")`).
    kind: str = ""


@dataclass(frozen=True)
class Navigation:
    """BC's navigation property, as `$metadata` and `$expand` see it; made from a Relation
    that has `nav`."""

    name: str
    target: str  # entity set of the target
    collection: bool
    local_key: str
    remote_key: str
    contained: bool = False


@dataclass(frozen=True)
class NumberSeries:
    """BC's number series for an entity: a create that leaves `field` blank gets the next
    number after the highest in the company (`first` when there is none)."""

    field: str
    first: str


@dataclass(frozen=True)
class Action:
    """A bound action, posted as `Microsoft.NAV.<name>`, and the mutation that runs it."""

    name: str
    mutation: str
    # Entity sets it may change besides the entity's own `invalidates`.
    invalidates: tuple[str, ...] = ()
    # The mutation's description, and its `id` argument's.
    description: str = ""
    record: str = "The id of the record to act on."
    # What the mutation returns when it is not the record acted on (a quote made into an
    # invoice is deleted; receiving and invoicing an order posts an invoice): the entity
    # set of the record the action leaves. BC's answer locates it (Location); failing
    # that, `result_key` is its field that holds the acted-on record's id.
    result: str | None = None
    result_key: str = ""


@dataclass(frozen=True)
class ReportFilter:
    """An argument of a report's GraphQL field: sent to BC as the condition
    `<field> <operator> <value>` in `$filter`, which is how BC's report pages take their
    parameters (`dateFilter eq 2024-12-31`). Left out, BC's own default applies."""

    argument: str
    field: str
    operator: str = "eq"  # eq, ge or le
    required: bool = False
    description: str = ""


# The balance sheet's one parameter, the default of a report.
AS_OF = (
    ReportFilter("date", "dateFilter", required=True, description="The date the report is as of."),
)


class Listing(Enum):
    """How the GraphQL API lists an entity's records."""

    PAGES = "pages"  # a connection: filtered, sorted, paged; the records by id too
    ALL = "all"  # every record in one list, at the API root (the companies)
    REPORT = "report"  # a report's lines as of a date (the balance sheet)


@dataclass(frozen=True)
class GraphQL:
    """Where the entity's GraphQL names depart from the default rule (see `Api`). Empty
    means the default; `get=None` offers no get-by-id field. The rest is wording: the
    schema's descriptions are built from it."""

    type: str = ""
    list: str = ""
    get: str | None = ""
    listing: Listing = Listing.PAGES
    # How descriptions name one record, a new one and several: "the vendor", "a vendor",
    # "vendors" (a page of what the list field reads).
    the_one: str = ""
    a_new: str = ""
    several: str = ""
    # Descriptions that say more than the wording gives; empty builds them from it.
    list_description: str = ""
    create_description: str = ""
    # The create input's description, before the sentence on defaults every one ends with.
    create_input: str = ""
    update_input: str = ""
    # The EntityKind member's, when its changes are watched.
    kind_description: str = ""
    # Fields the object type shows non-null besides the key: BC always fills them.
    non_null: tuple[str, ...] = ()
    # Fields whose description in the schema is not the declaration's, because the
    # gateway serves something else under the name: (name, description) pairs.
    field_descriptions: tuple[tuple[str, str], ...] = ()
    # Listing.REPORT: the report field's arguments, and the field that names a line within
    # one report (its id, when it has one, is derived from it and the arguments given).
    report_filters: tuple[ReportFilter, ...] = AS_OF
    report_key: str = "lineNumber"


@dataclass(frozen=True)
class Api:
    """The entity in the GraphQL API, names resolved; None where it is not offered."""

    type: str
    list: str
    get: str | None
    create: str | None
    update: str | None
    delete: str | None
    # The EntityKind member, when records of the entity have live events.
    kind: str | None
    # The mutation that creates a record and uploads its stream, when BC allows both.
    upload: str | None
    # The argument naming the parent record of a contained entity (`invoiceId`).
    parent_argument: str | None


@dataclass(frozen=True)
class Entity:
    """One BC entity, stated once: what BC has (fields, navigation, what it allows) and
    what the gateway adds (lookups, GraphQL names, how changes are watched, what a write
    invalidates). Defaults describe a plain master-data entity."""

    name: str  # EDM entity type name, singular (`vendor`)
    entity_set: str  # `vendors`
    fields: tuple[Field, ...]
    key: str = "id"
    relations: tuple[Relation, ...] = ()
    insertable: bool = True
    updatable: bool = True
    deletable: bool = True
    # WEBHOOK also says that BC accepts webhook subscriptions on the entity set.
    watch: Watch = Watch.NONE
    actions: tuple[Action, ...] = ()
    # The relation (a field of `relations`) to the record this one lives under: BC
    # addresses it there, lists it only for given parents, and notifies the parent.
    parent: str | None = None
    # The field that tells which kind of parent a record lives under, when several kinds
    # of record contain it (BC's dimension set lines: parentType). Each parent's contained
    # relation names its kind (`Relation.kind`); `parent` is then the one the API offered
    # first, still named by its own argument (`invoiceId`).
    parent_kind: str | None = None
    # (field, value): while the field has this value, the records contained in this one
    # can still change (an invoice's lines, while it is a draft); None: always. Live
    # events take snapshots of only those at the start of a watch.
    children_change_while: tuple[str, str] | None = None
    # Entity sets whose records a write to this one may change too (BC recomputes them).
    invalidates: tuple[str, ...] = ()
    # Fields BC refuses a create without, and that a write cannot blank.
    required: tuple[str, ...] = ()
    # Fields a create may set but an update may not change (BC refuses to renumber a
    # line); the parent's key is always one.
    fixed: tuple[str, ...] = ()
    # Fields an update may set but a create may not (BC refuses a new item's inventory:
    # stock only moves through ledger entries); the create input leaves them out.
    update_only: tuple[str, ...] = ()
    # A create must give at least one of these (BC finds the record by either).
    required_one_of: tuple[str, ...] = ()
    # The field that keys BC's table (No., Code): unique in the company, never blank once
    # written, and what BC names when it refuses a duplicate.
    table_key: str | None = None
    # Where numbers come from when BC numbers the records (vendors, invoices).
    number_series: NumberSeries | None = None
    # The business logic beyond plain CRUD, if any.
    logic: Logic = Logic.NONE
    # None keeps the entity out of the GraphQL API.
    graphql: GraphQL | None = GraphQL()
    # False for entity sets at the API root (companies, subscriptions).
    company_scoped: bool = True
    # Whether rows carry `@odata.etag`.
    etag: bool = True
    # BC returns rows in the order of the table's primary key when no $orderby is given.
    default_order: tuple[str, ...] = ("id",)
    # Singular caption BC uses in messages ("The Vendor does not exist.").
    title: str = ""
    # The caption of the table behind BC's API page, where it is not `title`: the
    # platform's messages about a field name it (`... of table Sales Invoice Entity
    # Aggregate contains a value ...`).
    table: str = ""
    # What a record of the entity is, for the GraphQL schema's description of its type.
    description: str = ""
    # The API the entity set is in; its relations target sets of the same route.
    route: Route = STANDARD_ROUTE
    # A record BC reads only under its parent, never by its own id (a document's PDF):
    # (parentType's AL member, entity set of such parents). The record's `parentId` is its
    # parent's id, and the path to it and its streams goes through the parent's navigation
    # named as this entity set (`salesInvoices({id})/pdfDocument/pdfDocumentContent`).
    reached_under: tuple[tuple[str, str], ...] = ()
    # BC's navigation properties: the relations that have `nav`.
    navigation: tuple[Navigation, ...] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, Field] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_name.update({f.name: f for f in self.fields})
        navigation = tuple(
            Navigation(r.nav, r.target, r.many, r.local_key, r.remote_key, r.contained)
            for r in self.relations
            if r.nav is not None
        )
        object.__setattr__(self, "navigation", navigation)
        self._check()

    def _check(self) -> None:
        """What one declaration can get wrong on its own (targets: bcmodel/registry.py)."""
        where = f"entity {self.entity_set}"
        for rel in self.relations:
            if self.field(rel.local_key) is None:
                raise ValueError(f"{where}: relation {rel.field} keys on no field {rel.local_key}")
        for name in (*self.required, *self.required_one_of, *self.fixed, *self.update_only):
            if self.field(name) is None:
                raise ValueError(f"{where}: required field {name} is not a field")
        shown = self.graphql or GraphQL()
        for name in (*shown.non_null, *(n for n, _ in shown.field_descriptions)):
            if self.field(name) is None:
                raise ValueError(f"{where}: the schema's field {name} is not a field")
        if shown.listing is Listing.REPORT:
            for name in (shown.report_key, *(f.field for f in shown.report_filters)):
                if self.field(name) is None:
                    raise ValueError(f"{where}: the report's field {name} is not a field")
        if self.table_key is not None and self.field(self.table_key) is None:
            raise ValueError(f"{where}: table key {self.table_key} is not a field")
        if self.number_series is not None and self.field(self.number_series.field) is None:
            raise ValueError(f"{where}: number series for no field {self.number_series.field}")
        if self.children_change_while is not None:
            if self.field(self.children_change_while[0]) is None:
                raise ValueError(f"{where}: children_change_while names no field")
        if self.parent is not None:
            up = self.relation(self.parent)
            if up is None or up.many:
                raise ValueError(f"{where}: parent {self.parent} is not a to-one relation")
        if self.parent_kind is not None:
            kinds = self.field(self.parent_kind)
            if self.parent is None or kinds is None or kinds.enum is None:
                raise ValueError(f"{where}: parent_kind needs a parent and an enum field")
        if self.reached_under and not (self.field("parentId") and self.field("parentType")):
            raise ValueError(f"{where}: reached under parents without parentId and parentType")
        for f in self.fields:
            if f.stream_size and self.field(f.stream_size) is None:
                raise ValueError(f"{where}: stream {f.name} sized by no field {f.stream_size}")
        if (self.watch is Watch.PARENT) != (self.parent is not None):
            raise ValueError(f"{where}: changes are derived from a parent iff it has one")

    def field(self, name: str) -> Field | None:
        return self._by_name.get(name)

    @cached_property
    def field_types(self) -> dict[str, Edm]:
        """Each field's type by name: row conversion looks one up for every value it reads."""
        return {f.name: f.type for f in self.fields}

    @cached_property
    def ref(self) -> str:
        """The entity's name among all routes' entities: its entity set on the standard
        route (`vendors`), `{route}/{set}` on another (`contoso/logistics/v1.0/shipments`).
        Topics, event kinds, row tags and the sandbox's tables use it."""
        return self.route.ref(self.entity_set)

    @property
    def table_caption(self) -> str:
        return self.table or self.title

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def streams(self) -> tuple[Field, ...]:
        """The binary content fields, served on their own paths, never in the JSON."""
        return tuple(f for f in self.fields if f.stream)

    @cached_property
    def stream_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.streams)

    def parent_set(self, parent_type: str) -> str | None:
        """The entity set of a `reached_under` record's parent of this parentType (its wire
        name or its AL member)."""
        field = self.field("parentType")
        members = field.enum.members if field is not None and field.enum else ()
        for member, entity_set in self.reached_under:
            if parent_type == member or (member in members and parent_type == encode_name(member)):
                return entity_set
        return None

    @property
    def writable_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.writable and f.name != self.key)

    def nav(self, name: str) -> Navigation | None:
        return next((n for n in self.navigation if n.name == name), None)

    def relation(self, field: str) -> Relation | None:
        return next((r for r in self.relations if r.field == field), None)

    def action(self, name: str) -> Action | None:
        return next((a for a in self.actions if a.name == name), None)

    @property
    def webhooks(self) -> bool:
        """Whether BC accepts a webhook subscription on this entity set."""
        return self.watch is Watch.WEBHOOK

    @property
    def read_only(self) -> bool:
        return not (self.insertable or self.updatable or self.deletable)

    @cached_property
    def api(self) -> Api | None:
        """The GraphQL names, by the default rule where `graphql` states none: the type is
        the name capitalised (`PurchaseInvoice`), `purchaseInvoice` gets one by id,
        `purchaseInvoices` (the entity set) lists them, `createPurchaseInvoice`,
        `updatePurchaseInvoice` and `deletePurchaseInvoice` as far as BC allows, the
        EntityKind member `PURCHASE_INVOICE` when its changes are watched, and a
        contained entity's parent is the argument `<parent>Id`."""
        names = self.graphql
        if names is None:
            return None
        type_name = names.type or self.name[:1].upper() + self.name[1:]
        return Api(
            type=type_name,
            list=names.list or self.entity_set,
            get=self.name if names.get == "" else names.get,
            create=f"create{type_name}" if self.insertable else None,
            update=f"update{type_name}" if self.updatable else None,
            delete=f"delete{type_name}" if self.deletable else None,
            kind=_upper_snake(type_name) if self.watch is not Watch.NONE else None,
            upload=f"upload{type_name}"
            if self.insertable and self.updatable and any(not f.read_only for f in self.streams)
            else None,
            parent_argument=f"{self.parent}Id" if self.parent is not None else None,
        )


def _upper_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()
