"""The JSON items BC posts: one per changed record, or one `collection` item when too many."""

from __future__ import annotations

from typing import Any

from sandbox.webhooks.model import Subscription, iso, parse_iso
from sandbox.webhooks.pending import COLLECTION, SubscriptionChanges


def items(
    subscription: Subscription, changes: SubscriptionChanges, collection_threshold: int
) -> list[dict[str, Any]]:
    """Items for one subscription. clientState and expirationDateTime are read at sending
    time, so a renewal between the change and the POST shows."""
    base = {
        "subscriptionId": subscription.id,
        "clientState": subscription.client_state,
        "expirationDateTime": subscription.expiration,
    }
    target = subscription.target.path
    records = changes.records
    if len(records) > collection_threshold:
        # BC counts aggregated notifications (repeated updates of a record are one), and
        # sends a single item whose $filter finds every record changed since the first
        # change, 50 ms early to be safe.
        last = max(c.at for c in records.values())
        since = _early(changes.first_at)
        return [
            {
                **base,
                "resource": f"{target}?$filter=lastModifiedDateTime%20gt%20{since}",
                "changeType": COLLECTION,
                "lastModifiedDateTime": last,
            }
        ]
    return [
        {
            **base,
            "resource": f"{target}({record_id})",
            "changeType": change.kind,
            "lastModifiedDateTime": change.at,
        }
        for record_id, change in records.items()
    ]


def _early(at: str) -> str:
    seconds = parse_iso(at)
    return at if seconds is None else iso(seconds - 0.05)
