"""Authorization codes: random, single-use, short-lived, bound to everything the request said.

Only a hash of each code is stored, so a leaked database holds nothing redeemable.
Redeemed codes stay until they expire: a second redemption must be recognised
as a replay, not mistaken for an unknown code.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

LIFETIME_SECONDS = 600  # Microsoft's codes also live about ten minutes

_SCHEMA = """
CREATE TABLE IF NOT EXISTS idp_authorization_codes (
    code_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    code_challenge TEXT,
    user_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    scopes TEXT NOT NULL,
    nonce TEXT,
    expires_at REAL NOT NULL,
    redeemed_at REAL
)
"""


@dataclass(frozen=True)
class AuthorizationCode:
    client_id: str
    redirect_uri: str
    code_challenge: str | None  # S256 only, so no method column
    user_id: str
    tenant_id: str
    scopes: str  # DelegatedScopes.serialize()
    nonce: str | None


@dataclass(frozen=True)
class CodeRecord:
    code: AuthorizationCode
    # The refresh tokens minted from this code share this id, so a replay can revoke them.
    family_id: str
    expires_at: float
    redeemed: bool


def token_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class CodeStore:
    # Each call is a few microseconds of SQLite on the event loop's thread, and nothing awaits
    # between a check and its update, so one request's read-then-write cannot interleave.
    def __init__(self, conn: sqlite3.Connection, clock: Callable[[], float]) -> None:
        self._conn = conn
        self._clock = clock
        with conn:
            conn.execute(_SCHEMA)

    def issue(self, code: AuthorizationCode) -> str:
        value = secrets.token_urlsafe(32)
        now = self._clock()
        with self._conn:
            self._conn.execute("DELETE FROM idp_authorization_codes WHERE expires_at < ?", (now,))
            self._conn.execute(
                "INSERT INTO idp_authorization_codes (code_hash, client_id, redirect_uri, "
                "code_challenge, user_id, tenant_id, scopes, nonce, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    token_hash(value),
                    code.client_id,
                    code.redirect_uri,
                    code.code_challenge,
                    code.user_id,
                    code.tenant_id,
                    code.scopes,
                    code.nonce,
                    now + LIFETIME_SECONDS,
                ),
            )
        return value

    def find(self, value: str) -> CodeRecord | None:
        row = self._conn.execute(
            "SELECT client_id, redirect_uri, code_challenge, user_id, tenant_id, scopes, nonce, "
            "expires_at, redeemed_at, code_hash FROM idp_authorization_codes WHERE code_hash = ?",
            (token_hash(value),),
        ).fetchone()
        if row is None:
            return None
        code = AuthorizationCode(row[0], row[1], row[2], row[3], row[4], row[5], row[6])
        return CodeRecord(code, family_id=row[9], expires_at=row[7], redeemed=row[8] is not None)

    def redeem(self, value: str) -> bool:
        """Marks the code used; False when it already was (a concurrent redemption won)."""
        with self._conn:
            cursor = self._conn.execute(
                "UPDATE idp_authorization_codes SET redeemed_at = ? "
                "WHERE code_hash = ? AND redeemed_at IS NULL",
                (self._clock(), token_hash(value)),
            )
        return cursor.rowcount == 1
