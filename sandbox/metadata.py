"""The CSDL document (`{root}/$metadata`) and the service document (`{root}`), built from bcmodel.

Nothing here is written per entity: every EntityType, EnumType, EntitySet,
navigation property and bound action comes from the bcmodel descriptions, so
the metadata cannot drift from what the sandbox actually serves.

Shape follows BC's API v2.0 `$metadata`: namespace `Microsoft.NAV`, container
`NAV`, enum members under their encoded wire names (`In_x0020_Review`), and the
company-scoped sets modelled twice, as contained collections of `company` and as
entity sets of the container (BC serves both `companies({id})/vendors` and
`vendors?company={id}`).
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import Any

from bcmodel import COMPANIES, ENTITIES, Edm, Entity, EnumType, Field, Navigation
from bcmodel.edm import NAMESPACE

EDMX_NS = "http://docs.oasis-open.org/odata/ns/edmx"
EDM_NS = "http://docs.oasis-open.org/odata/ns/edm"
CONTAINER = "NAV"

_CORE = "Org.OData.Core.V1"
_CAPABILITIES = "Org.OData.Capabilities.V1"
# Where the two vocabularies are published; `edmx:Reference` makes the annotation
# terms resolvable for strict CSDL validators.
_VOCABULARIES = {
    _CORE: "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml",
    _CAPABILITIES: (
        "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml"
    ),
}


def metadata_xml(entities: Sequence[Entity] = ENTITIES) -> bytes:
    """The EDMX 4.0 document served at `{root}/$metadata`."""
    # The model is immutable (frozen dataclasses in a tuple), so the document is
    # a pure function of it and can be cached per entity tuple; callers may pass
    # any sequence, which is frozen into a tuple to serve as the cache key.
    return _metadata_xml(tuple(entities))


def service_document(service_root: str, entities: Sequence[Entity] = ENTITIES) -> dict[str, Any]:
    """The OData service document at `{root}`: one entry per entity set."""
    return {
        "@odata.context": f"{service_root}/$metadata",
        "value": [
            {"name": e.entity_set, "kind": "EntitySet", "url": e.entity_set} for e in entities
        ],
    }


@functools.lru_cache(maxsize=8)
def _metadata_xml(entities: tuple[Entity, ...]) -> bytes:
    by_set = {e.entity_set: e for e in entities}

    edmx = ET.Element("edmx:Edmx", {"Version": "4.0", "xmlns:edmx": EDMX_NS})
    for namespace, uri in _VOCABULARIES.items():
        ref = ET.SubElement(edmx, "edmx:Reference", {"Uri": uri})
        ET.SubElement(ref, "edmx:Include", {"Namespace": namespace})
    services = ET.SubElement(edmx, "edmx:DataServices")
    schema = ET.SubElement(services, "Schema", {"Namespace": NAMESPACE, "xmlns": EDM_NS})

    for enum_type in _enums_used(entities):
        schema.append(_enum_type(enum_type))
    for entity in entities:
        schema.append(_entity_type(entity, by_set))
    for entity in entities:
        for action in entity.actions:
            schema.append(_bound_action(action.name, entity))

    # Every described entity has its set in the container: `companies` and
    # `subscriptions` at the root, the company-scoped ones too (BC lists them,
    # reachable with `?company={id}`).
    container = ET.SubElement(schema, "EntityContainer", {"Name": CONTAINER})
    for entity in entities:
        container.append(_entity_set(entity, by_set))

    ET.indent(edmx)
    # Literal `edmx:` prefixes with their xmlns attributes, rather than
    # ET.register_namespace, which would change ElementTree's process-wide map.
    document: bytes = ET.tostring(edmx, encoding="utf-8", xml_declaration=True)
    return document


def _qualified(entity: Entity) -> str:
    return f"{NAMESPACE}.{entity.name}"


def _enums_used(entities: Iterable[Entity]) -> list[EnumType]:
    seen: dict[str, EnumType] = {}
    for entity in entities:
        for f in entity.fields:
            if f.enum is not None:
                seen.setdefault(f.enum.name, f.enum)
    return list(seen.values())


def _enum_type(enum_type: EnumType) -> ET.Element:
    element = ET.Element("EnumType", {"Name": enum_type.name})
    # BC's $metadata carries the encoded names, the same strings as in JSON
    # payloads and $filter literals; Value is the member's position.
    for value, wire in enumerate(enum_type.wire_values):
        ET.SubElement(element, "Member", {"Name": wire, "Value": str(value)})
    return element


def _property(field: Field, key: str) -> ET.Element:
    attrs = {"Name": field.name, "Type": _edm_type(field)}
    if field.name == key:
        attrs["Nullable"] = "false"
    if field.max_length is not None:
        attrs["MaxLength"] = str(field.max_length)
    if field.type is Edm.DECIMAL:
        # CSDL's default Scale for Edm.Decimal is 0, i.e. integers only; BC's
        # decimals carry whatever scale the value has.
        attrs["Scale"] = "Variable"
    element = ET.Element("Property", attrs)
    # Read-only fields are computed by the service: clients should not send them.
    # The key is left out because BC lets a client supply `id` on POST.
    if not field.writable and field.name != key:
        ET.SubElement(element, "Annotation", {"Term": f"{_CORE}.Computed", "Bool": "true"})
    return element


def _edm_type(field: Field) -> str:
    if field.type is Edm.ENUM:
        if field.enum is None:
            raise ValueError(f"enum field {field.name!r} has no enum type")
        return field.enum.qualified_name
    return str(field.type.value)


def _entity_type(entity: Entity, by_set: dict[str, Entity]) -> ET.Element:
    element = ET.Element("EntityType", {"Name": entity.name})
    key = ET.SubElement(element, "Key")
    ET.SubElement(key, "PropertyRef", {"Name": entity.key})
    for f in entity.fields:
        element.append(_property(f, entity.key))
    for nav in entity.navigation:
        target = by_set.get(nav.target)
        # A subset of entities may leave a target out; a navigation property to an
        # undeclared type would make the document invalid.
        if target is not None:
            element.append(_navigation_property(nav, target))
    if entity.entity_set == COMPANIES.entity_set:
        # BC models every company-scoped set as contained in company:
        # `companies({id})/vendors`.
        for scoped in by_set.values():
            if scoped.company_scoped:
                ET.SubElement(
                    element,
                    "NavigationProperty",
                    {
                        "Name": scoped.entity_set,
                        "Type": f"Collection({_qualified(scoped)})",
                        "ContainsTarget": "true",
                    },
                )
    return element


def _navigation_property(nav: Navigation, target: Entity) -> ET.Element:
    type_name = _qualified(target)
    attrs = {
        "Name": nav.name,
        "Type": f"Collection({type_name})" if nav.collection else type_name,
    }
    if nav.contained:
        attrs["ContainsTarget"] = "true"
    element = ET.Element("NavigationProperty", attrs)
    if not nav.collection:
        # A single-valued navigation is found through a property of this entity
        # (`vendorId` -> vendor.id); CSDL only allows the constraint on that side.
        ET.SubElement(
            element,
            "ReferentialConstraint",
            {"Property": nav.local_key, "ReferencedProperty": nav.remote_key},
        )
    return element


def _bound_action(action: str, entity: Entity) -> ET.Element:
    element = ET.Element("Action", {"Name": action, "IsBound": "true"})
    ET.SubElement(element, "Parameter", {"Name": "bindingParameter", "Type": _qualified(entity)})
    return element


def _entity_set(entity: Entity, by_set: dict[str, Entity]) -> ET.Element:
    element = ET.Element("EntitySet", {"Name": entity.entity_set, "EntityType": _qualified(entity)})
    for nav in entity.navigation:
        # CSDL forbids bindings for containment navigation properties: their
        # targets live under the parent, not in an entity set of the container.
        if not nav.contained and nav.target in by_set:
            ET.SubElement(
                element, "NavigationPropertyBinding", {"Path": nav.name, "Target": nav.target}
            )
    for term, prop, allowed in (
        ("InsertRestrictions", "Insertable", entity.insertable),
        ("UpdateRestrictions", "Updatable", entity.updatable),
        ("DeleteRestrictions", "Deletable", entity.deletable),
    ):
        if not allowed:
            annotation = ET.SubElement(element, "Annotation", {"Term": f"{_CAPABILITIES}.{term}"})
            record = ET.SubElement(annotation, "Record")
            ET.SubElement(record, "PropertyValue", {"Property": prop, "Bool": "false"})
    return element
