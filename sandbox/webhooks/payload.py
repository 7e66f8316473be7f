"""The JSON items BC posts: one per aggregated notification, or one `collection` item.

BC: `APIWebhookNotificationSend.Codeunit.al`, GetEntityJObject and GetEntityCollectionUrl.
"""

from __future__ import annotations

from typing import Any

from sandbox.values import wire_moment
from sandbox.webhooks.model import Subscription, iso, parse_iso
from sandbox.webhooks.pending import COLLECTION, SubscriptionChanges


def items(subscription: Subscription, changes: SubscriptionChanges) -> list[dict[str, Any]]:
    """Items for one subscription, in BC's order: by lastModifiedDateTime, then change
    type. clientState and expirationDateTime are read at sending time, so a renewal
    between the change and the POST shows."""
    base = {
        "subscriptionId": subscription.id,
        "clientState": subscription.client_state,
        "expirationDateTime": wire_moment(subscription.expiration),
    }
    target = subscription.target.path
    collection = changes.collection
    if collection is not None:
        # The $filter finds every record changed since the first change, 50 ms early
        # ("SQL rounds in a different way than C# / AL"). With a deletion among the
        # changes BC gives the bare collection: a filter cannot find what is gone.
        resource = target
        if collection.since:
            resource += f"?$filter=lastModifiedDateTime%20gt%20{_early(collection.since)}"
        return [
            {
                **base,
                "resource": resource,
                "changeType": COLLECTION,
                "lastModifiedDateTime": wire_moment(collection.at),
            }
        ]
    return [
        {
            **base,
            "resource": f"{target}({item.record_id})",
            "changeType": item.kind,
            "lastModifiedDateTime": wire_moment(item.at),
        }
        for item in changes.ordered()
    ]


def _early(at: str) -> str:
    seconds = parse_iso(at)
    return at if seconds is None else wire_moment(iso(seconds - 0.05))
