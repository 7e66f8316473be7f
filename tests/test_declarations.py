"""bcmodel's declarations: the default GraphQL naming rule, what is derived from a
declaration, and the mistakes a declaration is refused for when it is loaded."""

from __future__ import annotations

import pytest

from bcmodel import (
    ENTITIES,
    STANDARD,
    Entity,
    GraphQL,
    NumberSeries,
    Registry,
    Relation,
    Watch,
    children_of,
    parent_of,
)
from bcmodel import entity as entity_of
from bcmodel.edm import Edm, Field, Lookup
from bcmodel.fields import code, enum, guid, key
from bcmodel.organisation_enums import DIMENSION_SET_PARENT_TYPE
from bcmodel.registry import COMPANIES


def probe(**kwargs: object) -> Entity:
    values: dict[str, object] = {
        "name": "probeThing",
        "entity_set": "probeThings",
        "fields": (
            key(),
            code("code", 10, description="A code."),
            guid("vendorId", description="A vendor."),
        ),
    }
    values.update(kwargs)
    return Entity(**values)  # type: ignore[arg-type]


def test_a_plain_entity_gets_the_default_names() -> None:
    api = probe(watch=Watch.WEBHOOK).api
    assert api is not None
    assert (api.type, api.list, api.get) == ("ProbeThing", "probeThings", "probeThing")
    assert (api.create, api.update, api.delete) == (
        "createProbeThing",
        "updateProbeThing",
        "deleteProbeThing",
    )
    assert api.kind == "PROBE_THING" and api.parent_argument is None


def test_names_follow_what_bc_allows_and_the_overrides() -> None:
    api = probe(insertable=False, deletable=False, graphql=GraphQL(type="Probe", get=None)).api
    assert api is not None
    assert (api.type, api.get, api.create, api.update, api.delete, api.kind) == (
        "Probe",
        None,
        None,
        "updateProbe",
        None,
        None,
    )
    assert probe(graphql=None).api is None


def test_navigation_is_made_from_relations_with_nav() -> None:
    thing = probe(
        relations=(
            Relation("vendor", "vendors", "vendorId", nav="vendor"),
            Relation("invoices", "purchaseInvoices", "id", "vendorId", many=True),
        )
    )
    assert [(n.name, n.target, n.collection) for n in thing.navigation] == [
        ("vendor", "vendors", False)
    ]
    assert thing.nav("vendor") is not None and thing.nav("invoices") is None
    assert thing.webhooks is False and probe(watch=Watch.WEBHOOK).webhooks is True


def test_a_contained_entity_knows_its_parent() -> None:
    line = entity_of("purchaseInvoiceLines")
    invoice = entity_of("purchaseInvoices")
    under = parent_of(line)
    assert under is not None and under[0] is invoice and under[1].nav == "purchaseInvoiceLines"
    dimensions = entity_of("dimensionSetLines")
    assert children_of(invoice) == (line, dimensions)
    assert line.api is not None and line.api.parent_argument == "invoiceId"
    # Only entities that declare a parent have one (the sales documents' lines too).
    assert all(parent_of(e) is None for e in ENTITIES if e.parent is None)
    contained = {e.entity_set for e in ENTITIES if parent_of(e) is not None}
    assert {"purchaseInvoiceLines", "journalLines"} <= contained
    assert all(parent_of(e)[1].contained for e in ENTITIES if e.entity_set in contained)  # type: ignore[index]


# BC's pages with a `dimensionSetLines` part, and the Parent Type each links it by
# (APIV2 pages in microsoft/ALAppExtensions), for the sets bcgraph declares.
DIMENSION_SET_PARTS = {
    "salesQuotes": "Sales Quote",
    "salesQuoteLines": "Sales Quote Line",
    "salesOrders": "Sales Order",
    "salesOrderLines": "Sales Order Line",
    "salesInvoices": "Sales Invoice",
    "salesInvoiceLines": "Sales Invoice Line",
    "salesCreditMemos": "Sales Credit Memo",
    "salesCreditMemoLines": "Sales Credit Memo Line",
    "salesShipments": "Sales Shipment",
    "salesShipmentLines": "Sales Shipment Line",
    "purchaseInvoices": "Purchase Invoice",
    "purchaseInvoiceLines": "Purchase Invoice Line",
    "purchaseOrders": "Purchase Order",
    "purchaseOrderLines": "Purchase Order Line",
    "purchaseCreditMemos": "Purchase Credit Memo",
    "purchaseCreditMemoLines": "Purchase Credit Memo Line",
    "purchaseReceipts": "Purchase Receipt",
    "purchaseReceiptLines": "Purchase Receipt Line",
    "journalLines": "Journal Line",
    "generalLedgerEntries": "General Ledger Entry",
}


def test_dimension_set_lines_live_under_every_record_whose_page_has_the_part() -> None:
    lines = entity_of("dimensionSetLines")
    parents = STANDARD.parents_of(lines)
    assert {p.entity_set: r.kind for p, r in parents} == DIMENSION_SET_PARTS
    assert all(r.nav == "dimensionSetLines" and r.remote_key == "parentId" for _, r in parents)
    # The parent the API offered first keeps its argument; a kind finds each parent.
    assert parent_of(lines) == STANDARD.parent_by_kind(lines, "Purchase Invoice")
    found = STANDARD.parent_by_kind(lines, "Journal Line")
    assert found is not None and found[0] is entity_of("journalLines")
    assert STANDARD.parent_by_kind(lines, "Time Registration Entry") is None
    # Only they are children of several kinds of parent; an invoice line has one.
    assert [e.entity_set for e in ENTITIES if e.parent_kind] == ["dimensionSetLines"]
    assert STANDARD.parents_of(entity_of("purchaseInvoiceLines")) == (
        parent_of(entity_of("purchaseInvoiceLines")),
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"relations": (Relation("vendor", "vendors", "nope"),)}, "keys on no field nope"),
        ({"required": ("nope",)}, "required field nope"),
        ({"table_key": "nope"}, "table key nope is not a field"),
        ({"number_series": NumberSeries("nope", "P001")}, "number series for no field nope"),
        ({"parent": "vendor"}, "parent vendor is not a to-one relation"),
        (
            {
                "relations": (Relation("vendor", "vendors", "vendorId"),),
                "watch": Watch.PARENT,
            },
            "derived from a parent iff it has one",
        ),
        ({"children_change_while": ("nope", "Draft")}, "children_change_while names no field"),
        ({"parent_kind": "code"}, "parent_kind needs a parent and an enum field"),
    ],
)
def test_a_declaration_that_contradicts_itself_is_refused(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        probe(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"relations": (Relation("x", "nowhere", "vendorId"),)}, "targets no entity nowhere"),
        ({"relations": (Relation("x", "vendors", "vendorId", "nope"),)}, "no field of vendors"),
        ({"invalidates": ("nowhere",)}, "invalidates no entity nowhere"),
        (
            {"fields": (key(), Field("c", Edm.STRING, lookup=Lookup("nowhere", "Nowhere")))},
            "field c looks up no code of nowhere",
        ),
        (
            {"fields": (key(), Field("c", Edm.STRING, lookup=Lookup("vendors", "Vendor")))},
            "field c looks up no code of vendors",
        ),
        (
            {"fields": (key(), Field("c", Edm.STRING, lookup=Lookup("_x", "X", by="kind")))},
            "field c looks up a hidden set by a field",
        ),
        (
            {
                "fields": (
                    key(),
                    Field("c", Edm.STRING, lookup=Lookup("taxGroups", "Tax Group", by="nope")),
                )
            },
            "field c picks its related table by no field nope",
        ),
        (
            {
                "relations": (Relation("vendor", "vendors", "vendorId"),),
                "parent": "vendor",
                "watch": Watch.PARENT,
            },
            "vendors declares no contained probeThings",
        ),
    ],
)
def test_declarations_that_contradict_the_registry_are_refused(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises((ValueError, LookupError), match=message):
        Registry((*ENTITIES, probe(**kwargs)), COMPANIES)


def kinds_probe(kind: str, parent_kind: str | None = "parentType") -> tuple[Entity, Entity]:
    """A probe parent holding probe children under `kind`; the children have kinds when
    `parent_kind` names their field."""
    up = probe(
        name="probeParent",
        entity_set="probeParents",
        relations=(
            Relation(
                "things",
                "probeThings",
                "id",
                "parentId",
                many=True,
                nav="things",
                contained=True,
                kind=kind,
            ),
        ),
    )
    thing = probe(
        fields=(
            key(),
            guid("parentId", description="The parent."),
            enum("parentType", DIMENSION_SET_PARENT_TYPE, description="Its kind."),
        ),
        relations=(Relation("up", "probeParents", "parentId"),),
        parent="up",
        parent_kind=parent_kind,
        watch=Watch.PARENT,
    )
    return up, thing


@pytest.mark.parametrize(
    ("kind", "parent_kind", "message"),
    [
        ("Nope", "parentType", "probeParents names no distinct kind of parent"),
        ("", "parentType", "probeParents names no distinct kind of parent"),
        ("Sales Order", None, "its parent names a kind it does not have"),
    ],
)
def test_kinds_of_parent_that_contradict_the_registry_are_refused(
    kind: str, parent_kind: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Registry((*ENTITIES, *kinds_probe(kind, parent_kind)), COMPANIES)


def test_a_child_of_kinds_of_parent_is_found_by_kind() -> None:
    up, thing = kinds_probe("Sales Order")
    registry = Registry((*ENTITIES, up, thing), COMPANIES)
    assert registry.parents_of(thing) == ((up, up.relations[0]),)
    assert registry.parent_by_kind(thing, "Sales Order") == (up, up.relations[0])
    assert registry.parent_by_kind(thing, "Sales Quote") is None
