"""The Business Central API v2.0 model: each entity described once.

Both the sandbox (which emulates BC) and the gateway (which calls BC) read these
descriptions, so the package knows neither of them. One file per entity; the
registry lists them.
"""

from bcmodel.model import Edm, Entity, EnumType, Field, Navigation, decode_name, encode_name
from bcmodel.registry import ENTITIES, entity_by_set

__all__ = [
    "ENTITIES",
    "Edm",
    "Entity",
    "EnumType",
    "Field",
    "Navigation",
    "decode_name",
    "encode_name",
    "entity_by_set",
]
