"""Who a verified bearer token speaks for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Principal:
    tenant_id: str
    subject: str  # the user's object id, or the client id for an app (client credentials) token
    kind: Literal["user", "app"]
    scopes: frozenset[str]  # `scp` names for a user, `roles` for an app
    client_id: str
