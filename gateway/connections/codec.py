"""Connection <-> what a backend stores: public fields as JSON, tokens as one encrypted blob."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from gateway.connections.crypto import TokenCipher
from gateway.connections.model import Company, Connection, ConnectionKind, ConnectionStatus


@dataclass(frozen=True)
class Record:
    data: str  # JSON of everything but the tokens and the version
    secret: bytes  # Fernet token of {"access_token", "refresh_token"}


class ConnectionCodec:
    def __init__(self, cipher: TokenCipher) -> None:
        self.cipher = cipher

    def encode(self, connection: Connection) -> Record:
        data = {
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
        }
        tokens = {
            "access_token": connection.access_token,
            "refresh_token": connection.refresh_token,
        }
        return Record(
            data=json.dumps(data, separators=(",", ":")),
            secret=self.cipher.encrypt(json.dumps(tokens).encode()),
        )

    def decode(self, data: str | bytes, secret: bytes, version: int) -> Connection:
        fields: dict[str, Any] = json.loads(data)
        tokens: dict[str, Any] = json.loads(self.cipher.decrypt(bytes(secret)))
        return Connection(
            user_id=fields["user_id"],
            tenant_id=fields["tenant_id"],
            environment=fields["environment"],
            api_root=fields["api_root"],
            access_token=tokens["access_token"],
            refresh_token=tokens.get("refresh_token"),
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
