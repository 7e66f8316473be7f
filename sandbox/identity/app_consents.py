"""Which apps an admin has consented to, tenant by tenant: Entra's service principals.

Admin consent creates an app's service principal in the tenant, with its application
permissions granted; the client credentials grant issues app tokens only where one
exists. Deleting the enterprise application (the service principal) revokes it, and
the app is then unknown in that tenant again (AADSTS700016).

The directory's `Client.app_tenants` are consents given before the sandbox started:
they are seeded once, so a revoked one stays revoked across restarts of a file database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from sandbox.directory import Directory

_SCHEMA = """
CREATE TABLE IF NOT EXISTS idp_app_consents (
    client_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    granted_by TEXT,
    granted_at REAL NOT NULL,
    revoked_at REAL,
    PRIMARY KEY (client_id, tenant_id)
)
"""


@dataclass(frozen=True)
class AppConsent:
    client_id: str
    tenant_id: str
    granted_by: str | None  # the admin's object id; None for a consent seeded from the directory
    granted_at: float
    revoked_at: float | None

    def as_json(self) -> dict[str, object]:
        return {
            "clientId": self.client_id,
            "tenantId": self.tenant_id,
            "grantedBy": self.granted_by,
            "grantedAt": self.granted_at,
            "revoked": self.revoked_at is not None,
        }


class AppConsents:
    def __init__(
        self, conn: sqlite3.Connection, directory: Directory, clock: Callable[[], float]
    ) -> None:
        self._conn = conn
        self._directory = directory
        self._clock = clock
        with conn:
            conn.execute(_SCHEMA)
        self._seed()

    def granted(self, client_id: str, tenant_id: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM idp_app_consents "
            "WHERE client_id = ? AND tenant_id = ? AND revoked_at IS NULL",
            (client_id, tenant_id),
        ).fetchone()
        return row is not None

    def grant(self, client_id: str, tenant_id: str, user_id: str | None) -> None:
        with self._conn:
            self._conn.execute(
                "INSERT INTO idp_app_consents (client_id, tenant_id, granted_by, granted_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (client_id, tenant_id) DO UPDATE SET "
                "granted_by = excluded.granted_by, granted_at = excluded.granted_at, "
                "revoked_at = NULL",
                (client_id, tenant_id, user_id, self._clock()),
            )

    def revoke(self, client_id: str, tenant_id: str) -> bool:
        """False when there was no live consent to revoke."""
        with self._conn:
            cursor = self._conn.execute(
                "UPDATE idp_app_consents SET revoked_at = ? "
                "WHERE client_id = ? AND tenant_id = ? AND revoked_at IS NULL",
                (self._clock(), client_id, tenant_id),
            )
        return cursor.rowcount == 1

    def all(self) -> list[AppConsent]:
        rows = self._conn.execute(
            "SELECT client_id, tenant_id, granted_by, granted_at, revoked_at "
            "FROM idp_app_consents ORDER BY tenant_id, client_id"
        ).fetchall()
        return [AppConsent(*row) for row in rows]

    def reset(self) -> None:
        """Back to the directory's consents only (the admin API's reset)."""
        with self._conn:
            self._conn.execute("DELETE FROM idp_app_consents")
        self._seed()

    def _seed(self) -> None:
        now = self._clock()
        with self._conn:
            self._conn.executemany(
                "INSERT OR IGNORE INTO idp_app_consents (client_id, tenant_id, granted_at) "
                "VALUES (?, ?, ?)",
                [
                    (client.client_id, tenant_id, now)
                    for client in self._directory.clients
                    for tenant_id in client.app_tenants
                ],
            )
