"""Notifications waiting to be sent, merged the way BC aggregates them.

One `Outbox` per notification URL (BC sends one POST per URL); inside it, per
subscription, at most one pending change per record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.store import Scope
from sandbox.webhooks.model import Target

CREATED, UPDATED, DELETED, COLLECTION = "created", "updated", "deleted", "collection"


def merge(old: str | None, new: str) -> str | None:
    """The change to report for a record changed `old` then `new` before sending; None: nothing."""
    if old is None:
        return new
    if old == CREATED:
        # A record created and deleted before anyone was told never existed for
        # the client: report nothing (a `deleted` for an id it never saw is noise).
        return None if new == DELETED else CREATED
    if old == UPDATED:
        return DELETED if new == DELETED else UPDATED
    # Deleted, then the same id written again: the client's copy is stale.
    return DELETED if new == DELETED else UPDATED


@dataclass
class RecordChange:
    kind: str
    at: str  # lastModifiedDateTime of the latest change


@dataclass
class SubscriptionChanges:
    root: Scope
    subscription_id: str
    target: Target
    first_at: str  # the earliest change, for a `collection` notification's $filter
    records: dict[str, RecordChange] = field(default_factory=dict)

    def add(self, record_id: str, kind: str, at: str) -> None:
        current = self.records.pop(record_id, None)
        merged = merge(current.kind if current else None, kind)
        if merged is not None:
            # Re-inserted at the end, so items keep the order of their last change.
            self.records[record_id] = RecordChange(merged, at)
        if at and (not self.first_at or at < self.first_at):
            self.first_at = at


@dataclass
class Outbox:
    url: str
    due: float  # monotonic time the POST should go out
    attempt: int = 0  # failed deliveries so far
    subscriptions: dict[str, SubscriptionChanges] = field(default_factory=dict)

    def add(
        self, root: Scope, subscription_id: str, target: Target, record_id: str, kind: str, at: str
    ) -> None:
        changes = self.subscriptions.get(subscription_id)
        if changes is None:
            changes = self.subscriptions[subscription_id] = SubscriptionChanges(
                root, subscription_id, target, at
            )
        changes.add(record_id, kind, at)

    def absorb(self, newer: SubscriptionChanges) -> None:
        """Merge changes made after this outbox's own (a retry meets new changes)."""
        for record_id, change in newer.records.items():
            self.add(
                newer.root, newer.subscription_id, newer.target, record_id, change.kind, change.at
            )
        mine = self.subscriptions.get(newer.subscription_id)
        if (
            mine is not None
            and newer.first_at
            and (not mine.first_at or newer.first_at < mine.first_at)
        ):
            mine.first_at = newer.first_at

    @property
    def empty(self) -> bool:
        return not any(s.records for s in self.subscriptions.values())
