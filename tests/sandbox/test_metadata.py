"""The sandbox's `$metadata`: checked element by element against bcmodel, then read
and queried by an OData client nobody here wrote (python-odata, from PyPI)."""

from __future__ import annotations

import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import odata.enumtype
import odata.metadata
import pytest
import requests
import uvicorn
from odata import ODataService

from bcmodel import ENTITIES, Edm, Entity
from bcmodel.enums import ALL_ENUMS
from bcmodel.vendors import VENDOR
from sandbox.metadata import EDM_NS, EDMX_NS, metadata_xml, service_document

NS = {"edmx": EDMX_NS, "edm": EDM_NS}
COMPUTED = "Org.OData.Core.V1.Computed"


# -- the document, without a server -----------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> ET.Element:
    root = ET.fromstring(metadata_xml())
    schemas = root.findall("edmx:DataServices/edm:Schema", NS)
    assert len(schemas) == 1
    return schemas[0]


def entity_type(schema: ET.Element, name: str) -> ET.Element:
    element = schema.find(f"edm:EntityType[@Name='{name}']", NS)
    assert element is not None, f"no EntityType {name}"
    return element


def prop(schema: ET.Element, entity: str, name: str) -> ET.Element:
    element = entity_type(schema, entity).find(f"edm:Property[@Name='{name}']", NS)
    assert element is not None, f"no property {entity}.{name}"
    return element


def nav(schema: ET.Element, entity: str, name: str) -> ET.Element:
    element = entity_type(schema, entity).find(f"edm:NavigationProperty[@Name='{name}']", NS)
    assert element is not None, f"no navigation property {entity}.{name}"
    return element


def entity_set(schema: ET.Element, name: str) -> ET.Element:
    element = schema.find(f"edm:EntityContainer/edm:EntitySet[@Name='{name}']", NS)
    assert element is not None, f"no EntitySet {name}"
    return element


def test_envelope_is_edmx_4_with_bc_namespace_and_container() -> None:
    root = ET.fromstring(metadata_xml())
    assert root.tag == f"{{{EDMX_NS}}}Edmx"
    assert root.get("Version") == "4.0"
    schema = root.find("edmx:DataServices/edm:Schema", NS)
    assert schema is not None
    assert schema.get("Namespace") == "Microsoft.NAV"
    containers = schema.findall("edm:EntityContainer", NS)
    assert [c.get("Name") for c in containers] == ["NAV"]


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.entity_set)
def test_every_entity_has_every_property_with_its_type(schema: ET.Element, entity: Entity) -> None:
    element = entity_type(schema, entity.name)
    keys = [ref.get("Name") for ref in element.findall("edm:Key/edm:PropertyRef", NS)]
    assert keys == [entity.key]

    properties = element.findall("edm:Property", NS)
    assert [p.get("Name") for p in properties] == list(entity.field_names)
    for p, f in zip(properties, entity.fields, strict=True):
        expected = f.enum.qualified_name if f.enum else f.type.value
        assert p.get("Type") == expected, f.name
        assert p.get("MaxLength") == (str(f.max_length) if f.max_length else None), f.name
        assert p.get("Nullable") == ("false" if f.name == entity.key else None), f.name
        if f.type is Edm.DECIMAL:
            # Without it CSDL's default scale (0) would declare whole numbers only.
            assert p.get("Scale") == "Variable"


def test_property_types_read_like_bc(schema: ET.Element) -> None:
    # Spelled out by hand, so a mistake shared by bcmodel and the generator shows.
    expected = {
        ("vendor", "id"): "Edm.Guid",
        ("vendor", "displayName"): "Edm.String",
        ("vendor", "taxLiable"): "Edm.Boolean",
        ("vendor", "balance"): "Edm.Decimal",
        ("vendor", "blocked"): "Microsoft.NAV.vendorBlocked",
        ("vendor", "lastModifiedDateTime"): "Edm.DateTimeOffset",
        ("purchaseInvoice", "postingDate"): "Edm.Date",
        ("purchaseInvoice", "status"): "Microsoft.NAV.invoiceEntityAggregateStatus",
        ("purchaseInvoiceLine", "sequence"): "Edm.Int32",
        ("purchaseInvoiceLine", "lineType"): "Microsoft.NAV.invoiceLineAggLineType",
        ("account", "category"): "Microsoft.NAV.glAccountCategory",
        ("account", "accountType"): "Microsoft.NAV.glAccountType",
        ("taxGroup", "taxType"): "Microsoft.NAV.taxBufferType",
        ("company", "timestamp"): "Edm.Int64",
    }
    for (entity, name), edm in expected.items():
        assert prop(schema, entity, name).get("Type") == edm, f"{entity}.{name}"
    assert prop(schema, "vendor", "number").get("MaxLength") == "20"
    assert prop(schema, "vendor", "displayName").get("MaxLength") == "100"


def test_subscriptions_are_keyed_by_a_string_subscription_id(schema: ET.Element) -> None:
    element = entity_type(schema, "subscription")
    assert [r.get("Name") for r in element.findall("edm:Key/edm:PropertyRef", NS)] == [
        "subscriptionId"
    ]
    key = prop(schema, "subscription", "subscriptionId")
    assert key.get("Type") == "Edm.String"
    assert key.get("Nullable") == "false"


@pytest.mark.parametrize("enum_type", ALL_ENUMS, ids=lambda e: e.name)
def test_enums_carry_encoded_member_names(schema: ET.Element, enum_type: Any) -> None:
    element = schema.find(f"edm:EnumType[@Name='{enum_type.name}']", NS)
    assert element is not None
    members = [(m.get("Name"), m.get("Value")) for m in element.findall("edm:Member", NS)]
    assert members == [(wire, str(i)) for i, wire in enumerate(enum_type.wire_values)]


def test_enum_member_names_are_bc_wire_names(schema: ET.Element) -> None:
    def members(name: str) -> list[str | None]:
        return [
            m.get("Name") for m in schema.findall(f"edm:EnumType[@Name='{name}']/edm:Member", NS)
        ]

    assert members("vendorBlocked") == ["_x0020_", "Payment", "All"]
    assert "In_x0020_Review" in members("invoiceEntityAggregateStatus")
    assert "Begin_x002D_Total" in members("glAccountType")
    assert "Cost_x0020_of_x0020_Goods_x0020_Sold" in members("glAccountCategory")
    assert members("taxBufferType") == ["Sales_x0020_Tax", "VAT"]


def test_navigation_properties(schema: ET.Element) -> None:
    term = nav(schema, "vendor", "paymentTerm")
    assert term.get("Type") == "Microsoft.NAV.paymentTerm"
    assert term.get("ContainsTarget") is None
    constraint = term.find("edm:ReferentialConstraint", NS)
    assert constraint is not None
    assert constraint.attrib == {"Property": "paymentTermsId", "ReferencedProperty": "id"}

    assert nav(schema, "purchaseInvoice", "vendor").get("Type") == "Microsoft.NAV.vendor"
    lines = nav(schema, "purchaseInvoice", "purchaseInvoiceLines")
    assert lines.get("Type") == "Collection(Microsoft.NAV.purchaseInvoiceLine)"
    assert lines.get("ContainsTarget") == "true"
    # CSDL puts referential constraints on the single-valued side only.
    assert lines.find("edm:ReferentialConstraint", NS) is None
    back = nav(schema, "purchaseInvoiceLine", "purchaseInvoice")
    assert back.get("Type") == "Microsoft.NAV.purchaseInvoice"

    # Every navigation declared in bcmodel is there.
    for entity in ENTITIES:
        for n in entity.navigation:
            nav(schema, entity.name, n.name)


def test_company_contains_every_company_scoped_set(schema: ET.Element) -> None:
    company = entity_type(schema, "company")
    contained = {
        n.get("Name"): (n.get("Type"), n.get("ContainsTarget"))
        for n in company.findall("edm:NavigationProperty", NS)
    }
    assert contained == {
        e.entity_set: (f"Collection(Microsoft.NAV.{e.name})", "true")
        for e in ENTITIES
        if e.company_scoped
    }
    assert "vendors" in contained
    assert "subscriptions" not in contained


def test_entity_sets_and_navigation_bindings(schema: ET.Element) -> None:
    sets = schema.findall("edm:EntityContainer/edm:EntitySet", NS)
    assert {s.get("Name"): s.get("EntityType") for s in sets} == {
        e.entity_set: f"Microsoft.NAV.{e.name}" for e in ENTITIES
    }
    assert {"companies", "vendors", "purchaseInvoiceLines", "subscriptions"} <= {
        s.get("Name") for s in sets
    }

    def bindings(name: str) -> dict[str | None, str | None]:
        return {
            b.get("Path"): b.get("Target")
            for b in entity_set(schema, name).findall("edm:NavigationPropertyBinding", NS)
        }

    assert bindings("vendors") == {
        "paymentTerm": "paymentTerms",
        "currency": "currencies",
        "paymentMethod": "paymentMethods",
        "defaultDimensions": "defaultDimensions",
        "documentAttachments": "documentAttachments",
    }
    # Contained lines are no binding: CSDL forbids one for containment navigation.
    assert bindings("purchaseInvoices") == {
        "vendor": "vendors",
        "currency": "currencies",
        "attachments": "attachments",
        "documentAttachments": "documentAttachments",
        "pdfDocument": "pdfDocument",
    }
    assert bindings("purchaseInvoiceLines") == {
        "purchaseInvoice": "purchaseInvoices",
        "account": "accounts",
        "item": "items",
        "unitOfMeasure": "unitsOfMeasure",
        "itemVariant": "itemVariants",
        "location": "locations",
    }
    # A collection that is not contained is bound: an item's variants are a set of their own.
    assert bindings("items") == {
        "itemCategory": "itemCategories",
        "unitOfMeasure": "unitsOfMeasure",
        "itemVariants": "itemVariants",
        "defaultDimensions": "defaultDimensions",
    }
    for entity in ENTITIES:
        assert bindings(entity.entity_set) == {
            n.name: n.target for n in entity.navigation if not n.contained
        }


def _bound_to(action: ET.Element) -> str | None:
    return next(
        (
            p.get("Type")
            for p in action.findall("edm:Parameter", NS)
            if p.get("Name") == "bindingParameter"
        ),
        None,
    )


def test_post_is_a_bound_action_on_purchase_invoices(schema: ET.Element) -> None:
    actions = [
        a
        for a in schema.findall("edm:Action", NS)
        if _bound_to(a) == "Microsoft.NAV.purchaseInvoice"
    ]
    assert [(a.get("Name"), a.get("IsBound")) for a in actions] == [("post", "true")]
    params = [(p.get("Name"), p.get("Type")) for p in actions[0].findall("edm:Parameter", NS)]
    assert params == [("bindingParameter", "Microsoft.NAV.purchaseInvoice")]
    assert actions[0].find("edm:ReturnType", NS) is None


def test_every_declared_action_is_bound_to_its_entity(schema: ET.Element) -> None:
    bound = {(a.get("Name"), _bound_to(a)) for a in schema.findall("edm:Action", NS)}
    assert bound == {
        (action.name, f"Microsoft.NAV.{entity.name}")
        for entity in ENTITIES
        for action in entity.actions
    }


def test_read_only_sets_carry_capability_restrictions(schema: ET.Element) -> None:
    def restrictions(name: str) -> dict[str | None, str | None]:
        found = {}
        for annotation in entity_set(schema, name).findall("edm:Annotation", NS):
            value = annotation.find("edm:Record/edm:PropertyValue", NS)
            assert value is not None
            found[annotation.get("Term")] = value.get("Bool")
        return found

    read_only = {
        "Org.OData.Capabilities.V1.InsertRestrictions": "false",
        "Org.OData.Capabilities.V1.UpdateRestrictions": "false",
        "Org.OData.Capabilities.V1.DeleteRestrictions": "false",
    }
    for name in ("companies", "accounts", "balanceSheets"):
        assert restrictions(name) == read_only, name
    for name in ("vendors", "purchaseInvoices", "purchaseInvoiceLines", "subscriptions"):
        assert restrictions(name) == {}, name


def test_read_only_fields_are_marked_computed(schema: ET.Element) -> None:
    def computed(entity: str, name: str) -> bool:
        annotation = prop(schema, entity, name).find(f"edm:Annotation[@Term='{COMPUTED}']", NS)
        return annotation is not None and annotation.get("Bool") == "true"

    assert computed("vendor", "balance")
    assert computed("purchaseInvoice", "totalAmountIncludingTax")
    # Silently ignored on write by BC: still nothing a client can set.
    assert computed("purchaseInvoiceLine", "netAmount")
    assert not computed("vendor", "displayName")
    # BC keeps a client-supplied `id` on POST, so the key is not computed.
    assert not computed("vendor", "id")


def test_document_is_built_once_and_any_sequence_of_entities_works() -> None:
    assert metadata_xml() is metadata_xml()
    assert metadata_xml(list(ENTITIES)) == metadata_xml()


def test_a_subset_leaves_out_navigation_to_undeclared_types() -> None:
    schema = ET.fromstring(metadata_xml([VENDOR])).find("edmx:DataServices/edm:Schema", NS)
    assert schema is not None
    vendor = entity_type(schema, "vendor")
    assert vendor.findall("edm:NavigationProperty", NS) == []
    assert entity_set(schema, "vendors").findall("edm:NavigationPropertyBinding", NS) == []
    assert [e.get("Name") for e in schema.findall("edm:EnumType", NS)] == ["vendorBlocked"]


def test_service_document_lists_every_entity_set() -> None:
    root = "https://api.example/v2.0/t/production/api/v2.0"
    document = service_document(root)
    assert document["@odata.context"] == f"{root}/$metadata"
    assert document["value"] == [
        {"name": e.entity_set, "kind": "EntitySet", "url": e.entity_set} for e in ENTITIES
    ]


# -- python-odata against the running sandbox -------------------------------------------


@dataclass
class LiveSandbox:
    root: str  # the service root URL, `.../api/v2.0`
    app: Any


@pytest.fixture(scope="module")
def live_sandbox() -> Iterator[LiveSandbox]:
    """The real sandbox app behind uvicorn on a free port: python-odata speaks `requests`,
    which needs a real socket, not an ASGI transport."""
    from sandbox.app import create_sandbox
    from sandbox.settings import SandboxSettings

    settings = SandboxSettings(auth_required=False)
    app = create_sandbox(settings)
    tenant = settings.directory.tenants[0]
    # Bind first, so the port is known and no other process can take it in between.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # ws="none": the websockets implementation is not needed and only adds imports.
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws="none", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped before it started"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield LiveSandbox(
            f"http://127.0.0.1:{port}/v2.0/{tenant.id}/{tenant.environments[0]}/api/v2.0", app
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _python_name(member: str) -> str:
    # `_x0020_` is a "_sunder_" name, which Python's Enum reserves; give it a prefix.
    return f"m{member}" if len(member) > 1 and member[0] == member[-1] == "_" else member


class _WireNameEnumMeta(type(odata.enumtype.EnumType)):  # type: ignore[misc]
    """Creates python-odata's enum classes under names Python accepts, and still finds
    members by the wire name (`vendorBlocked['_x0020_']`), as python-odata's
    EnumTypeProperty.deserialize does."""

    def __call__(cls, value: Any, names: Any = None, **kwargs: Any) -> Any:
        if names is None:  # a lookup by value: `vendorBlocked(0)`
            return super().__call__(value, **kwargs)
        return super().__call__(value, names=[(_python_name(n), v) for n, v in names], **kwargs)

    def __getitem__(cls, name: str) -> Any:
        return super().__getitem__(_python_name(name))


class _WireNameEnum(odata.enumtype.EnumType, metaclass=_WireNameEnumMeta):  # type: ignore[misc]
    pass


@pytest.fixture
def bc_enum_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-odata 0.8 builds a Python Enum per EnumType with the member names as given;
    BC names its blank member `_x0020_`, which Python's Enum refuses (reserved _sunder_
    name), so reflection of any real BC `$metadata` fails. The document stays as BC has
    it; only the client's enum class factory (looked up as `odata.metadata.EnumType`,
    also its subclass check) learns to accept such names."""
    monkeypatch.setattr(odata.metadata, "EnumType", _WireNameEnum)


class CompanyParameter(requests.auth.AuthBase):
    """Adds BC's `?company={id}` to every request, as a default company would.

    python-odata has no per-service query parameters, and a requests Session's `params`
    are dropped whenever python-odata passes its own (it hands requests a pre-encoded
    string), so the parameter goes on the prepared request instead."""

    def __init__(self, company_id: str) -> None:
        self.company_id = company_id

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        assert request.url is not None
        request.prepare_url(request.url, {"company": self.company_id})
        return request


def test_python_odata_alone_cannot_reflect_bc_enum_member_names(live_sandbox: LiveSandbox) -> None:
    # Why `bc_enum_names` exists. If python-odata learns to handle such names, this
    # fails, and the adapter can go.
    with requests.Session() as session, pytest.raises(ValueError, match="_sunder_"):
        ODataService(live_sandbox.root, reflect_entities=True, session=session, quiet_progress=True)


def test_python_odata_reflects_the_metadata_and_queries_the_sandbox(
    live_sandbox: LiveSandbox, bc_enum_names: None
) -> None:
    with requests.Session() as session:
        service = ODataService(
            live_sandbox.root, reflect_entities=True, session=session, quiet_progress=True
        )
        assert set(service.entities) == {e.entity_set for e in ENTITIES}
        Vendor = service.entities["vendors"]
        assert {"id", "displayName", "blocked", "balance"} <= set(dir(Vendor))
        # The bound action was reflected onto the purchase invoice type.
        assert hasattr(service.entities["purchaseInvoices"], "post")

        companies = list(service.query(service.entities["companies"]))
        assert len(companies) >= 1
        company = companies[0]
        assert isinstance(company.name, str) and company.name

        # What the sandbox answers, read without the client, to compare against.
        raw = session.get(f"{live_sandbox.root}/companies({company.id})/vendors").json()["value"]
        assert raw, "the seeded company has vendors"
        expected = sorted(v["displayName"] for v in raw)

        # Containment, the way BC's metadata describes it: companies({id})/vendors.
        contained = company.vendors
        assert sorted(v.displayName for v in contained) == expected
        assert all(isinstance(v.displayName, str) and v.displayName for v in contained)
        blocked_type = service.types["Microsoft.NAV.vendorBlocked"]
        assert all(isinstance(v.blocked, blocked_type) for v in contained)

        # The top-level set with BC's `?company=`, plus $filter and $orderby built by the client.
        in_company = service.create_context(session=session, auth=CompanyParameter(company.id))
        first = raw[0]["displayName"]
        found = list(
            in_company.query(Vendor)
            .filter(Vendor.displayName == first)
            .order_by(Vendor.number.asc())
        )
        assert [v.displayName for v in found] == [first]
        everyone = list(in_company.query(Vendor).order_by(Vendor.number.asc()))
        assert [v.number for v in everyone] == sorted(v["number"] for v in raw)


def test_python_odata_follows_navigation_the_metadata_declares(
    live_sandbox: LiveSandbox, bc_enum_names: None
) -> None:
    with requests.Session() as session:
        served = session.get(f"{live_sandbox.root}/$metadata")
        assert served.status_code == 200
        assert served.content == metadata_xml()

        service = ODataService(
            live_sandbox.root, reflect_entities=True, session=session, quiet_progress=True
        )
        company = next(iter(service.query(service.entities["companies"])))
        in_company = service.create_context(session=session, auth=CompanyParameter(company.id))
        Invoice = service.entities["purchaseInvoices"]
        Vendor = service.entities["vendors"]

        # A single-valued navigation (ReferentialConstraint vendorId -> id).
        invoice = next(iter(in_company.query(Invoice).order_by(Invoice.number.asc())))
        assert invoice.vendor.id == invoice.vendorId
        assert invoice.vendor.displayName == invoice.vendorName
        status_type = service.types["Microsoft.NAV.invoiceEntityAggregateStatus"]
        assert isinstance(invoice.status, status_type)

        # The contained lines, fetched as purchaseInvoices({id})/purchaseInvoiceLines ...
        lines = invoice.purchaseInvoiceLines
        assert lines, "the first seeded invoice has lines"
        assert {line.documentId for line in lines} == {invoice.id}
        line_type = service.types["Microsoft.NAV.invoiceLineAggLineType"]
        assert all(isinstance(line.lineType, line_type) for line in lines)
        # ... and again through $expand, in the same request as the invoice.
        expanded = list(
            in_company.query(Invoice)
            .filter(Invoice.id == invoice.id)
            .expand(Invoice.purchaseInvoiceLines)
        )
        assert [i.id for i in expanded] == [invoice.id]
        assert sorted(line.id for line in expanded[0].purchaseInvoiceLines) == sorted(
            line.id for line in lines
        )

        vendor = next(iter(in_company.query(Vendor).filter(Vendor.id == invoice.vendorId)))
        term = vendor.paymentTerm
        assert term is not None and term.id == vendor.paymentTermsId
