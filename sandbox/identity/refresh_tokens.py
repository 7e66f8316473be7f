"""Refresh tokens that rotate: each use returns a new one and retires the old.

Tokens descending from one sign-in form a family. Presenting a retired token
means two parties hold the same family (the old one was copied), so the whole
family is revoked, as the OAuth 2.0 security best current practice advises.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from sandbox.identity.codes import token_hash

_SCHEMA = """
CREATE TABLE IF NOT EXISTS idp_refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    scopes TEXT NOT NULL,
    issued_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    used_at REAL,
    revoked_at REAL
)
"""


@dataclass(frozen=True)
class RefreshGrant:
    family_id: str
    client_id: str
    user_id: str
    tenant_id: str
    scopes: str  # DelegatedScopes.serialize()


@dataclass(frozen=True)
class RefreshRecord:
    grant: RefreshGrant
    expires_at: float
    used: bool
    revoked: bool


class RefreshTokenStore:
    # Synchronous SQLite on the event loop, as in CodeStore: tiny statements, no await inside.
    def __init__(
        self, conn: sqlite3.Connection, clock: Callable[[], float], lifetime_seconds: int
    ) -> None:
        self._conn = conn
        self._clock = clock
        self._lifetime_seconds = lifetime_seconds
        with conn:
            conn.execute(_SCHEMA)

    def issue(self, grant: RefreshGrant) -> str:
        value = secrets.token_urlsafe(48)
        now = self._clock()
        with self._conn:
            self._conn.execute("DELETE FROM idp_refresh_tokens WHERE expires_at < ?", (now,))
            self._conn.execute(
                "INSERT INTO idp_refresh_tokens (token_hash, family_id, client_id, user_id, "
                "tenant_id, scopes, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    token_hash(value),
                    grant.family_id,
                    grant.client_id,
                    grant.user_id,
                    grant.tenant_id,
                    grant.scopes,
                    now,
                    now + self._lifetime_seconds,
                ),
            )
        return value

    def find(self, value: str) -> RefreshRecord | None:
        row = self._conn.execute(
            "SELECT family_id, client_id, user_id, tenant_id, scopes, expires_at, used_at, "
            "revoked_at FROM idp_refresh_tokens WHERE token_hash = ?",
            (token_hash(value),),
        ).fetchone()
        if row is None:
            return None
        grant = RefreshGrant(row[0], row[1], row[2], row[3], row[4])
        return RefreshRecord(
            grant, expires_at=row[5], used=row[6] is not None, revoked=row[7] is not None
        )

    def use(self, value: str) -> bool:
        """Retires the token; False when it was already retired or revoked meanwhile."""
        with self._conn:
            cursor = self._conn.execute(
                "UPDATE idp_refresh_tokens SET used_at = ? "
                "WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL",
                (self._clock(), token_hash(value)),
            )
        return cursor.rowcount == 1

    def revoke_family(self, family_id: str) -> int:
        return self._revoke("family_id = ?", family_id)

    def revoke_user(self, user_id: str) -> int:
        return self._revoke("user_id = ?", user_id)

    def _revoke(self, condition: str, value: str) -> int:
        """Revokes the live tokens matching `condition`; returns how many there were."""
        now = self._clock()
        with self._conn:
            cursor = self._conn.execute(
                f"UPDATE idp_refresh_tokens SET revoked_at = ? WHERE {condition} "  # noqa: S608 - condition is one of two literals above
                "AND used_at IS NULL AND revoked_at IS NULL AND expires_at >= ?",
                (now, value, now),
            )
        return cursor.rowcount
