"""The Business Central API v2.0 model: each entity declared once.

Both the sandbox (which emulates BC) and the gateway (which calls BC) read these
declarations, so the package knows neither of them. One file per entity; the
registry lists them.
"""

from bcmodel.edm import Edm, EnumType, Field, decode_name, encode_name
from bcmodel.logic import Logic
from bcmodel.model import (
    Action,
    Api,
    Entity,
    GraphQL,
    Listing,
    Navigation,
    NumberSeries,
    Relation,
    ReportFilter,
    Watch,
)
from bcmodel.registries import Registry
from bcmodel.registry import (
    COMPANIES,
    ENTITIES,
    STANDARD,
    children_of,
    created_by,
    entity,
    entity_by_set,
    parent_of,
)
from bcmodel.routes import STANDARD_ROUTE, Route

__all__ = [
    "COMPANIES",
    "ENTITIES",
    "STANDARD",
    "STANDARD_ROUTE",
    "Action",
    "Api",
    "Edm",
    "Entity",
    "EnumType",
    "Field",
    "GraphQL",
    "Listing",
    "Logic",
    "Navigation",
    "NumberSeries",
    "Registry",
    "Relation",
    "ReportFilter",
    "Route",
    "Watch",
    "children_of",
    "created_by",
    "decode_name",
    "encode_name",
    "entity",
    "entity_by_set",
    "parent_of",
]
