"""Record-change events: what the webhook side publishes and GraphQL subscriptions read.

Every event goes to the channel of one connection (user) and one company, so a
subscriber only ever sees its own connection's records. `record` is the row as BC
sent it (numbers kept exact by gateway.bc.codec), or None for a deletion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gateway.bc.codec import encode_json

CREATED, UPDATED, DELETED = "created", "updated", "deleted"
CHANGES = (CREATED, UPDATED, DELETED)
# Not a record change: the connection behind the channel is gone, its subscriptions end.
ENDED = "ended"


def channel(user_id: str, company_id: str) -> str:
    # The company (a GUID, fixed length) goes first, so no user id can make two
    # (user, company) pairs share a channel name.
    return f"records:{company_id.lower()}:{user_id}"


@dataclass(frozen=True, slots=True)
class RecordChange:
    entity_set: str
    change: str  # created | updated | deleted
    id: str
    company_id: str
    occurred_at: str  # BC's lastModifiedDateTime of the change
    record: Mapping[str, Any] | None = None
    # Epoch seconds when the notification (or poll) behind this event reached the gateway.
    received_at: float = 0.0

    def encode(self) -> bytes:
        return encode_json(
            {
                "entity": self.entity_set,
                "change": self.change,
                "id": self.id,
                "companyId": self.company_id,
                "occurredAt": self.occurred_at,
                "record": self.record,
                "receivedAt": self.received_at,
            }
        )

    @classmethod
    def decode(cls, value: Mapping[str, Any]) -> RecordChange:
        return cls(
            entity_set=str(value["entity"]),
            change=str(value["change"]),
            id=str(value["id"]),
            company_id=str(value["companyId"]),
            occurred_at=str(value["occurredAt"]),
            record=value.get("record"),
            received_at=float(value.get("receivedAt") or 0.0),
        )
