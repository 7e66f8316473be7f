"""BC's Microsoft Entra Applications page (page 9860, the AAD Application list; its card is
page 9861): the apps an environment lets in with app tokens, and what each may do.

An Entra app token proves who the app is; BC then looks the app up here. Not listed,
or listed with State Disabled, and BC rejects every call with 401
`Authentication_InvalidCredentials`, although the token is valid. Listed and Enabled,
the app works within its permission sets (permission_sets.py). Delegated (user) tokens
never pass through this list.

Rows live in the sandbox's database. The seed is written when the table is first made,
so a file database keeps what the admin API changed across restarts; reset() restores it.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

import orjson

from sandbox.directory import (
    CONTOSO_TENANT,
    DEV_CLIENT_ID,
    EXPIRED_CLIENT_ID,
    FABRIKAM_TENANT,
    S2S_CLIENT_ID,
)
from sandbox.errors import invalid_credentials
from sandbox.identity.principal import Principal
from sandbox.permission_sets import AppAccess, PermissionSets

# Namespace of the app users' ids (uuid5), fixed so they survive restarts and resets.
_APP_USERS = uuid.UUID("5b0c9d6e-2f1a-4c3b-9e8d-7a6b5c4d3e2f")
State = Literal["Enabled", "Disabled"]
STATES: tuple[State, ...] = ("Enabled", "Disabled")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bc_entra_applications (
    tenant_id TEXT NOT NULL,
    environment TEXT NOT NULL,
    client_id TEXT NOT NULL,
    description TEXT NOT NULL,
    state TEXT NOT NULL,
    permission_sets TEXT NOT NULL,
    PRIMARY KEY (tenant_id, environment, client_id)
)
"""


@dataclass(frozen=True)
class EntraApplication:
    tenant_id: str
    environment: str
    client_id: str
    description: str
    state: State = "Enabled"
    permission_sets: tuple[str, ...] = ()

    @property
    def user_id(self) -> str:
        """The BC user BC makes for the app (the table's User ID): what it writes, and whose
        webhook subscriptions it creates, are this user's. Derived, so it is stable."""
        name = f"{self.tenant_id}/{self.environment}/{self.client_id}"
        return str(uuid.uuid5(_APP_USERS, name))

    def as_json(self) -> dict[str, Any]:
        return {
            "clientId": self.client_id,
            "description": self.description,
            "state": self.state,
            "permissionSets": list(self.permission_sets),
            "userId": self.user_id,
        }


def _full_access(tenant_id: str, client_id: str, description: str) -> EntraApplication:
    return EntraApplication(
        tenant_id, "production", client_id, description, "Enabled", ("D365 BUS FULL ACCESS",)
    )


# Contoso's production lets the development apps in with full business access;
# Fabrikam's only the one it has used from the start.
SEEDED: tuple[EntraApplication, ...] = (
    _full_access(CONTOSO_TENANT, DEV_CLIENT_ID, "bcgraph (development)"),
    _full_access(CONTOSO_TENANT, S2S_CLIENT_ID, "bcgraph service"),
    _full_access(CONTOSO_TENANT, EXPIRED_CLIENT_ID, "bcgraph, old secret"),
    _full_access(FABRIKAM_TENANT, DEV_CLIENT_ID, "bcgraph (development)"),
)


class EntraApplications:
    def __init__(
        self,
        conn: sqlite3.Connection,
        permission_sets: PermissionSets,
        seed: Iterable[EntraApplication] = SEEDED,
    ) -> None:
        self._conn = conn
        self.permission_sets = permission_sets
        self._seed = tuple(seed)
        existed = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bc_entra_applications'"
        ).fetchone()
        with conn:
            conn.execute(_SCHEMA)
        if existed is None:
            self._write_seed()

    def access(
        self, principal: Principal | None, tenant_id: str, environment: str
    ) -> AppAccess | None:
        """What an app may do here; None for a user (or no token). Raises BC's 401 for an app
        that is not on the list or is disabled."""
        if principal is None or principal.kind != "app":
            return None
        app = self.get(tenant_id, environment, principal.client_id)
        if app is None or app.state != "Enabled":
            raise invalid_credentials()
        return AppAccess(self.permission_sets.resolve(app.permission_sets), app.user_id)

    def get(self, tenant_id: str, environment: str, client_id: str) -> EntraApplication | None:
        row = self._conn.execute(
            "SELECT tenant_id, environment, client_id, description, state, permission_sets "
            "FROM bc_entra_applications WHERE tenant_id = ? AND environment = ? AND client_id = ?",
            (tenant_id, environment.lower(), client_id),
        ).fetchone()
        return _app(row) if row is not None else None

    def list(self, tenant_id: str, environment: str) -> list[EntraApplication]:
        rows = self._conn.execute(
            "SELECT tenant_id, environment, client_id, description, state, permission_sets "
            "FROM bc_entra_applications WHERE tenant_id = ? AND environment = ? ORDER BY client_id",
            (tenant_id, environment.lower()),
        ).fetchall()
        return [_app(row) for row in rows]

    def put(self, app: EntraApplication) -> EntraApplication:
        """Adds or replaces an entry; ValueError for what BC's card would not accept."""
        if app.state not in STATES:
            raise ValueError(f"State must be Enabled or Disabled, not {app.state!r}.")
        if not app.client_id.strip():
            raise ValueError("Client ID must have a value.")
        # Stored in BC's spelling, so the list shows what BC would.
        sets = tuple(s.role_id for s in self.permission_sets.resolve(app.permission_sets))
        app = replace(app, environment=app.environment.lower(), permission_sets=sets)
        with self._conn:
            self._conn.execute(
                "INSERT OR REPLACE INTO bc_entra_applications (tenant_id, environment, client_id, "
                "description, state, permission_sets) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    app.tenant_id,
                    app.environment,
                    app.client_id,
                    app.description,
                    app.state,
                    orjson.dumps(list(app.permission_sets)).decode(),
                ),
            )
        return app

    def delete(self, tenant_id: str, environment: str, client_id: str) -> bool:
        with self._conn:
            cursor = self._conn.execute(
                "DELETE FROM bc_entra_applications "
                "WHERE tenant_id = ? AND environment = ? AND client_id = ?",
                (tenant_id, environment.lower(), client_id),
            )
        return cursor.rowcount == 1

    def reset(self) -> None:
        with self._conn:
            self._conn.execute("DELETE FROM bc_entra_applications")
        self._write_seed()

    def _write_seed(self) -> None:
        for app in self._seed:
            self.put(app)


def _app(row: tuple[Any, ...]) -> EntraApplication:
    tenant_id, environment, client_id, description, state, sets = row
    return EntraApplication(
        tenant_id, environment, client_id, description, state, tuple(orjson.loads(sets))
    )
