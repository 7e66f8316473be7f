"""The vocabulary of bc_api_pages.py: one row per page or query of BC's API v2.0 app.

BC's API v2.0 is the APIV2 app in microsoft/ALAppExtensions
(`Apps/W1/APIV2/app/src/pages/`): API pages and API queries, each under an API group.
The rows are facts read from those files' headers (EntitySetName, APIGroup, Editable,
InsertAllowed, ModifyAllowed, DeleteAllowed); bcgraph's own declarations are compared
with them in bcmodel/coverage.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ApiGroup(Enum):
    """A page's APIGroup: where BC serves it. Pages without one form the standard
    (business) group under `/api/v2.0/companies({id})/`; the others are separate APIs
    under `/api/microsoft/<group>/v2.0/`."""

    BUSINESS = ""
    AUTOMATION = "automation"
    AUDITING = "auditing"
    POWERBI = "powerbi"
    AUTOMATE = "automate"

    @property
    def route(self) -> str:
        if self is ApiGroup.BUSINESS:
            return "/api/v2.0"
        return f"/api/microsoft/{self.value}/v2.0"


class Kind(Enum):
    """What the AL object is."""

    PAGE = "page"  # PageType = API
    QUERY = "query"  # QueryType = API: read-only, computed by BC's query engine
    # PageType = ListPart: no entity set of its own; served only as a part of its parent
    # under the EntitySetName the parent gives it.
    PART = "list part"


@dataclass(frozen=True)
class BcPage:
    """One AL object of the APIV2 app (one file of its pages folder)."""

    entity_set: str  # EntitySetName
    al_object: str  # the page's or query's name in AL, such as "APIV2 - Vendors"
    group: ApiGroup
    # BC allows no insert, modify or delete through it (Editable = false, or all three
    # of InsertAllowed, ModifyAllowed, DeleteAllowed false). A page that allows some of
    # them is not read-only; its description says which.
    read_only: bool
    description: str
    kind: Kind = Kind.PAGE
    # Why BC no longer serves it, when the source marks it obsolete.
    obsolete: str = ""


@dataclass(frozen=True)
class RuntimeSet:
    """An entity set of API v2.0 that BC's platform serves itself, not a page of the
    APIV2 app (bcgraph declares these too)."""

    entity_set: str
    description: str


@dataclass(frozen=True)
class LeftOut:
    """Why bcgraph does not (yet) declare a standard-group entity set of BC."""

    entity_set: str
    reason: str
