"""bcmodel's declarations: the default GraphQL naming rule, what is derived from a
declaration, and the mistakes a declaration is refused for when it is loaded."""

from __future__ import annotations

import pytest

from bcmodel import (
    ENTITIES,
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
from bcmodel.fields import code, guid, key
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
