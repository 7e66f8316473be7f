"""A custom API's `$metadata` (CSDL XML, as BC serves it for an extension's API pages) read
into the declarations of bcmodel/custom_apis.py.

What BC's document says is taken as it is: entity types and their sets, keys, properties
with their EDM types and max lengths, enums (members decoded from their wire names),
read-only properties (`Core.Computed`, or `Core.Permissions` of Read), what the sets
allow (`Capabilities` Insert/Update/Delete restrictions) and single-valued navigation
properties with their referential constraints, and contained collections (an API
page's sub-pages, `ContainsTarget`), whose records live under their parent and change
with it, when the child says which property holds its parent's key (a navigation back
with its constraint, or a GUID property `{parent}Id`, `documentId` or `parentId`). What
it cannot say is defaulted and can be edited in the written file: descriptions (the
GraphQL schema's), titles, which fields a create requires, and lookups the gateway adds.
Other collection-valued navigation and properties of types bcgraph does not handle are
left out, each with a note.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from bcmodel.custom_apis import FORMAT, PREFIX, CustomApiError
from bcmodel.edm import Edm, decode_name
from bcmodel.routes import Route

_EDMX = "{http://docs.oasis-open.org/odata/ns/edmx}"
_EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
_TYPES = {e.value for e in Edm if e is not Edm.ENUM}
# BC's company entity: every route has it, and it is BC's, not the extension's.
_COMPANY = "company"


@dataclass
class Imported:
    """The declaration file's content, and what was left out of it (one note a line)."""

    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def default_prefix(publisher: str) -> str:
    """`contoso` -> `Contoso`, `my-company` -> `MyCompany`."""
    words = re.findall(r"[A-Za-z0-9]+", publisher)
    prefix = "".join(w[:1].upper() + w[1:] for w in words)
    return prefix if PREFIX.fullmatch(prefix) else "Custom" + prefix


def read_metadata(xml: bytes, route: Route, prefix: str, source: str = "$metadata") -> Imported:
    """The declarations of the API at `route`, from its `$metadata` document."""
    if not PREFIX.fullmatch(prefix):
        raise CustomApiError(
            f"GraphQL prefix {prefix!r}: a capitalised name of letters and digits, no '_'"
        )
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        # CSDL has no document type; refused so that no entity is ever expanded.
        raise CustomApiError(f"{source}: not a $metadata document (it declares a DOCTYPE)")
    try:
        root = ET.fromstring(xml)  # noqa: S314 - no DOCTYPE, so no entities (above)
    except ET.ParseError as error:
        raise CustomApiError(f"{source}: not an XML document ({error})") from None
    schemas = root.findall(f"{_EDMX}DataServices/{_EDM}Schema")
    if root.tag != f"{_EDMX}Edmx" or not schemas:
        raise CustomApiError(f"{source}: not an OData $metadata document (no edmx:Edmx schema)")
    reader = _Reader(schemas, route, prefix)
    data = {
        "format": FORMAT,
        "publisher": route.publisher,
        "group": route.group,
        "version": route.version,
        "graphqlPrefix": prefix,
        "enums": reader.enums(),
        "entities": reader.entities(),
    }
    if not data["entities"]:
        raise CustomApiError(f"{source}: the document declares no entity set of the API")
    return Imported(data, reader.notes)


class _Reader:
    def __init__(self, schemas: list[ET.Element], route: Route, prefix: str) -> None:
        self.route = route
        self.notes: list[str] = []
        self.types: dict[str, ET.Element] = {}
        self.enum_types: dict[str, ET.Element] = {}
        self.sets: dict[str, ET.Element] = {}  # entity type name -> its EntitySet
        # A sub-page's type -> (its parent's type, the parent's navigation to it).
        self.contained: dict[str, tuple[str, ET.Element]] = {}
        for schema in schemas:
            namespace = schema.get("Namespace", "")
            for element in schema.findall(f"{_EDM}EntityType"):
                self.types[f"{namespace}.{element.get('Name')}"] = element
            for element in schema.findall(f"{_EDM}EnumType"):
                self.enum_types[f"{namespace}.{element.get('Name')}"] = element
            for entity_set in schema.findall(f"{_EDM}EntityContainer/{_EDM}EntitySet"):
                self.sets.setdefault(entity_set.get("EntityType", ""), entity_set)
        for qualified, element in self.types.items():
            if element.get("Name") == _COMPANY:
                continue
            for nav in element.findall(f"{_EDM}NavigationProperty"):
                child = nav.get("Type", "").removeprefix("Collection(").removesuffix(")")
                if (
                    nav.get("Type", "").startswith("Collection(")
                    and nav.get("ContainsTarget") == "true"
                ):
                    self.contained.setdefault(child, (qualified, nav))
                    # A sub-page BC lists in no entity set is named by the navigation.
                    self.sets.setdefault(
                        child, ET.Element("EntitySet", {"Name": nav.get("Name", "")})
                    )

    def enums(self) -> list[dict[str, Any]]:
        return [
            {
                "name": element.get("Name"),
                "members": [decode_name(m.get("Name", "")) for m in element.iter(f"{_EDM}Member")],
                "description": "",
            }
            for element in self.enum_types.values()
        ]

    def entities(self) -> list[dict[str, Any]]:
        out = []
        for qualified, entity_set in self.sets.items():
            element = self.types.get(qualified)
            if element is None or element.get("Name") == _COMPANY:
                continue
            out.append(self._entity(element, entity_set))
        return out

    def _entity(self, element: ET.Element, entity_set: ET.Element) -> dict[str, Any]:
        name = element.get("Name", "")
        set_name = entity_set.get("Name", "")
        keys = [ref.get("Name", "") for ref in element.findall(f"{_EDM}Key/{_EDM}PropertyRef")]
        if len(keys) != 1:
            raise CustomApiError(f"{set_name}: bcgraph needs a key of one property (SystemId)")
        fields = [
            f
            for p in element.findall(f"{_EDM}Property")
            if (f := self._field(p, set_name, keys[0]))
        ]
        relations = [
            r
            for n in element.findall(f"{_EDM}NavigationProperty")
            if (r := self._nav(element, n, set_name))
        ]
        title = name[:1].upper() + name[1:]
        watched = any(f["name"] == "lastModifiedDateTime" for f in fields)
        parent = self._parent(element, relations)
        return {
            "name": name,
            "entitySet": set_name,
            "key": keys[0],
            "title": title,
            "description": f"A record of the {self.route.path} API's {set_name}.",
            "insertable": _allowed(entity_set, "InsertRestrictions", "Insertable"),
            "updatable": _allowed(entity_set, "UpdateRestrictions", "Updatable"),
            "deletable": _allowed(entity_set, "DeleteRestrictions", "Deletable"),
            # BC webhooks an API page's table; changes are found by lastModifiedDateTime.
            "watch": "parent" if parent else "webhook" if watched else "none",
            **({"parent": parent} if parent else {}),
            "required": [],
            "fields": fields,
            "relations": relations,
        }

    def _field(self, prop: ET.Element, set_name: str, key: str) -> dict[str, Any] | None:
        name = prop.get("Name", "")
        kind = prop.get("Type", "")
        if kind not in _TYPES and kind not in self.enum_types:
            self.notes.append(f"{set_name}.{name}: left out, bcgraph does not handle {kind}")
            return None
        out: dict[str, Any] = {"name": name, "type": kind}
        length = prop.get("MaxLength")
        if length is not None and length.isdigit():
            out["maxLength"] = int(length)
        out["readOnly"] = name == key or _read_only(prop)
        words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()
        out["description"] = f"The {words} ({set_name}.{name} of the custom API)."
        return out

    def _qualified(self, element: ET.Element) -> str:
        return next(q for q, e in self.types.items() if e is element)

    def _back_key(self, child: ET.Element, parent: ET.Element) -> tuple[str, str | None] | None:
        """The child's property that holds its parent's key, and its navigation back."""
        parent_type = self._qualified(parent)
        for nav in child.findall(f"{_EDM}NavigationProperty"):
            constraint = nav.find(f"{_EDM}ReferentialConstraint")
            if nav.get("Type") == parent_type and constraint is not None:
                return constraint.get("Property", ""), nav.get("Name")
        guids = {
            p.get("Name", "")
            for p in child.findall(f"{_EDM}Property")
            if p.get("Type") == "Edm.Guid"
        }
        for name in (f"{parent.get('Name')}Id", "documentId", "parentId"):
            if name in guids:
                return name, None
        return None

    def _parent(self, element: ET.Element, relations: list[dict[str, Any]]) -> str | None:
        """A sub-page's relation to its parent (added as a lookup when BC has no
        navigation back), or None for a top-level page."""
        found = self.contained.get(self._qualified(element))
        if found is None:
            return None
        parent = self.types[found[0]]
        back = self._back_key(element, parent)
        if back is None:
            return None
        key, nav = back
        if nav is not None:
            return nav
        relations.append(
            {
                "field": parent.get("Name", ""),
                "target": self.sets[found[0]].get("Name", ""),
                "localKey": key,
                "remoteKey": "id",
                "many": False,
                "nav": None,
                "contained": False,
                "description": f"The {parent.get('Name')} this record belongs to.",
            }
        )
        return parent.get("Name", "")

    def _nav(self, owner: ET.Element, nav: ET.Element, set_name: str) -> dict[str, Any] | None:
        name = nav.get("Name", "")
        kind = nav.get("Type", "")
        if kind.startswith("Collection("):
            child_type = kind.removeprefix("Collection(").removesuffix(")")
            child = self.types.get(child_type)
            back = self._back_key(child, owner) if child is not None else None
            if nav.get("ContainsTarget") != "true" or child is None or back is None:
                self.notes.append(
                    f"{set_name}.{name}: left out, a collection navigation whose records "
                    "name no parent key; add it as a relation by hand"
                )
                return None
            keys = owner.findall(f"{_EDM}Key/{_EDM}PropertyRef")
            return {
                "field": name,
                "target": self.sets[child_type].get("Name", ""),
                "localKey": keys[0].get("Name", "id") if keys else "id",
                "remoteKey": back[0],
                "many": True,
                "nav": name,
                "contained": True,
                "description": f"The {name} of the record (its sub-page).",
                "created": f"The {name} created with the record, in one call (a deep insert).",
            }
        target = self.sets.get(kind)
        constraint = nav.find(f"{_EDM}ReferentialConstraint")
        if target is None or constraint is None:
            self.notes.append(f"{set_name}.{name}: left out, no entity set or key to follow")
            return None
        return {
            "field": name,
            "target": target.get("Name", ""),
            "localKey": constraint.get("Property", ""),
            "remoteKey": constraint.get("ReferencedProperty", "id"),
            "many": False,
            "nav": name,
            "contained": False,
            "description": f"The record {set_name}.{constraint.get('Property')} names.",
        }


def _read_only(prop: ET.Element) -> bool:
    for annotation in prop.findall(f"{_EDM}Annotation"):
        term = annotation.get("Term", "")
        if term.endswith("Core.V1.Computed") and annotation.get("Bool", "true") == "true":
            return True
        if term.endswith("Core.V1.Permissions"):
            member = annotation.get("EnumMember") or "".join(
                e.text or "" for e in annotation.iter(f"{_EDM}EnumMember")
            )
            if member.endswith("/Read"):
                return True
    return False


def _allowed(entity_set: ET.Element, term: str, prop: str) -> bool:
    for annotation in entity_set.findall(f"{_EDM}Annotation"):
        if annotation.get("Term", "").endswith(f"Capabilities.V1.{term}"):
            for value in annotation.iter(f"{_EDM}PropertyValue"):
                if value.get("Property") == prop and value.get("Bool") == "false":
                    return False
    return True
