"""Connection <-> what a backend stores: public fields as JSON, and one encrypted blob that
holds the tokens and binds the whole record to its row.

The blob (Fernet: encrypted and authenticated) carries, beside the tokens, the user id
the record was written for and a SHA-256 of the public JSON. Reading checks both against
the row the record came from, so a record whose JSON was rewritten (its `api_root`
pointed at another host, say) or that was moved into another user's row is refused. So
is a record whose API root is not on the configured BC API, even one bcgraph wrote
itself: the user's BC token goes to that root. A refused record reads as "not
connected" (the user connects again, which overwrites it) and is logged as a warning
naming the user id and the reason, never a value from the record.

Records written before this binding (bcgraph 0.1.0: only the tokens in the blob) cannot
be told apart from tampered ones, so they are refused the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any

from gateway.bc.urls import on_base
from gateway.connections.crypto import TokenCipher
from gateway.connections.model import Company, Connection, ConnectionKind, ConnectionStatus

logger = logging.getLogger(__name__)

# The blob's layout; records without it are bcgraph 0.1.0's.
FORMAT = 2


@dataclass(frozen=True)
class Record:
    data: str  # JSON of everything but the tokens and the version
    secret: bytes  # Fernet token of {"format", "user_id", "data_sha256", tokens}


class ConnectionCodec:
    def __init__(self, cipher: TokenCipher, *, bc_api_url: str) -> None:
        """`bc_api_url`: the configured BC API (BCGRAPH_BC_API_URL, or the sandbox in
        dev mode); every stored API root must be on it."""
        self.cipher = cipher
        self._bc_api_url = bc_api_url

    def encode(self, connection: Connection) -> Record:
        if not on_base(connection.api_root, self._bc_api_url):
            # The connect flow builds roots from the configured base, so this is a bug
            # (or a caller storing a root by hand): never write what reads would refuse.
            raise ValueError("a connection's API root must be on the configured BC API")
        data = json.dumps(
            {
                "user_id": connection.user_id,
                "tenant_id": connection.tenant_id,
                "environment": connection.environment,
                "api_root": connection.api_root,
                "expires_at": connection.expires_at,
                "issued_at": connection.issued_at,
                "default_company_id": connection.default_company_id,
                "companies": [{"id": c.id, "name": c.name} for c in connection.companies],
                "scopes": list(connection.scopes),
                "status": connection.status.value,
                "status_reason": connection.status_reason,
                "kind": connection.kind.value,
                "created_at": connection.created_at,
                "updated_at": connection.updated_at,
            },
            separators=(",", ":"),
        )
        sealed = {
            "format": FORMAT,
            "user_id": connection.user_id,
            "data_sha256": _digest(data),
            "access_token": connection.access_token,
            "refresh_token": connection.refresh_token,
        }
        return Record(data=data, secret=self.cipher.encrypt(json.dumps(sealed).encode()))

    def decode(
        self, user_id: str, data: str | bytes, secret: bytes, version: int
    ) -> Connection | None:
        """The connection stored in `user_id`'s row, or None when the record is refused.

        UndecryptableError when no configured key opens the blob (a key removed too
        early): that is the operator's to fix, and loud, not one user's to reconnect.
        """
        text = data.decode() if isinstance(data, bytes) else data
        sealed: Any = json.loads(self.cipher.decrypt(bytes(secret)))
        problem = self._problem(user_id, text, sealed)
        if problem is not None:
            logger.warning(
                "the stored connection of user %r is refused: %s; "
                "it reads as not connected until the user connects again",
                user_id,
                problem,
            )
            return None
        fields: dict[str, Any] = json.loads(text)
        return Connection(
            user_id=user_id,
            tenant_id=fields["tenant_id"],
            environment=fields["environment"],
            api_root=fields["api_root"],
            access_token=sealed["access_token"],
            refresh_token=sealed.get("refresh_token"),
            expires_at=fields["expires_at"],
            issued_at=fields["issued_at"],
            default_company_id=fields.get("default_company_id"),
            companies=tuple(Company(c["id"], c["name"]) for c in fields.get("companies", ())),
            scopes=tuple(fields.get("scopes", ())),
            status=ConnectionStatus(fields["status"]),
            status_reason=fields.get("status_reason"),
            kind=ConnectionKind(fields["kind"]),
            created_at=fields.get("created_at", 0.0),
            updated_at=fields.get("updated_at", 0.0),
            version=version,
        )

    def written(self, connection: Connection, record: Record, version: int) -> Connection:
        """What a backend returns after writing `record`: it read back, as `get` would."""
        stored = self.decode(connection.user_id, record.data, record.secret, version)
        assert stored is not None  # encode() bound it to this user and checked its root
        return stored

    def _problem(self, user_id: str, data: str, sealed: Any) -> str | None:
        if not isinstance(sealed, dict) or sealed.get("format") != FORMAT:
            return "it was written by bcgraph 0.1.0, before records were bound to their user"
        if sealed.get("user_id") != user_id:
            return "it was written for another user (moved between rows)"
        if not hmac.compare_digest(str(sealed.get("data_sha256", "")), _digest(data)):
            return "its fields were changed outside bcgraph"
        if not on_base(json.loads(data).get("api_root", ""), self._bc_api_url):
            return (
                f"its API root is not on the configured BC API ({self._bc_api_url}); "
                "was BCGRAPH_BC_API_URL changed?"
            )
        return None


def _digest(data: str) -> str:
    return hashlib.sha256(data.encode()).hexdigest()
