"""How resolvers name entities in messages. (Reads go through the BC session,
gateway/bc/session.py.)"""

from __future__ import annotations

import re

from bcmodel import Entity


def entity_label(entity: Entity) -> str:
    return entity.title or entity.name


def words(name: str) -> str:
    """An entity's name or set in messages: `purchaseInvoiceLines` -> `purchase invoice lines`."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
