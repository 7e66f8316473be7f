"""The identity provider's signing key: one RSA key, made once and kept in the database.

Keeping it in the shared SQLite file means tokens issued before a restart still
verify after it, as they do against Microsoft's long-lived keys.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import sqlite3
from typing import Any

from joserfc.jwk import RSAKey

ALGORITHM = "RS256"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS idp_signing_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    private_pem TEXT NOT NULL,
    created_at REAL NOT NULL
)
"""


class SigningKey:
    def __init__(self, private: RSAKey) -> None:
        private.ensure_kid()  # the RFC 7638 thumbprint: stable for the key, so no extra column
        self.private = private
        self.kid = str(private.kid)
        self.public = RSAKey.import_key(private.as_dict(private=False), {"kid": self.kid})

    @classmethod
    def load_or_create(
        cls, conn: sqlite3.Connection, now: float, given_pem: str = ""
    ) -> SigningKey:
        # A few microseconds of synchronous SQLite at startup; no reason to leave the event loop.
        with conn:
            conn.execute(_SCHEMA)
        row = conn.execute("SELECT private_pem FROM idp_signing_key WHERE id = 1").fetchone()
        if row is None:
            pem = given_pem or RSAKey.generate_key(2048).as_pem(private=True).decode()
            with conn:
                # OR IGNORE: if another process sharing the file got there first, its key wins.
                conn.execute(
                    "INSERT OR IGNORE INTO idp_signing_key (id, private_pem, created_at) "
                    "VALUES (1, ?, ?)",
                    (pem, now),
                )
            row = conn.execute("SELECT private_pem FROM idp_signing_key WHERE id = 1").fetchone()
        return cls(_import(str(row[0])))

    def public_jwk(self) -> dict[str, Any]:
        return dict(self.public.as_dict(private=False, kid=self.kid, use="sig", alg=ALGORITHM))

    def derive_secret(self, purpose: str) -> bytes:
        """A secret for `purpose` that lives exactly as long as this key does."""
        return hmac.new(
            self.private.as_der(private=True), purpose.encode(), hashlib.sha256
        ).digest()


# Parsing a PEM checks the RSA key, a costly step; a key's parse is the same every time.
@functools.lru_cache(maxsize=8)
def _import(pem: str) -> RSAKey:
    return RSAKey.import_key(pem)
