"""Notifications waiting to be sent, aggregated the way BC aggregates them.

BC (microsoft/BCApps, `src/Layers/W1/BaseApp/System/API/Webhooks/`) keeps two tables:
`API Webhook Notification`, one row per insert/modify/delete as it happens
(`APIWebhookNotificationMgt.Codeunit.al`, RegisterNotification), and `API Webhook
Notification Aggr`, what the sending job made of them and has not delivered yet
(`APIWebhookNotificationSend.Codeunit.al`, GenerateAggregateNotification). Here
`Raw` is the first and `Item` the second; `aggregate` is the job's step between them.

The rules, per subscription, raw changes taken in (time, change type) order:
- an `updated` whose record's last aggregated item is also `updated` moves that item's
  time forward instead of adding one (MergeIntoExistingUpdatedAggregateNotification);
  nothing else merges: created+updated, created+deleted and updated+deleted stay two items;
- an `updated` that changed nothing is dropped before that (IsNullUpdate, see
  `Dispatcher._null_update`);
- once `collection_threshold` items are held, the next one turns them all into one
  `collection` item (MergeAllIntoNewCollectionAggregateNotification) into which every
  later change merges; its `$filter` starts at the first held item's time, and it has
  no `$filter` at all once a deletion is among its changes (HasNotificationOnDelete:
  a deleted record cannot be found by `lastModifiedDateTime`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sandbox.store import Scope
from sandbox.webhooks.model import Target

CREATED, UPDATED, DELETED, COLLECTION = "created", "updated", "deleted", "collection"
# BC's ChangeTypeOption (Created,Updated,Deleted,Collection): its tables sort by
# (subscription, lastModifiedDateTime, change type), so within one millisecond a
# creation comes before an update and an update before a deletion.
_ORDER = {CREATED: 0, UPDATED: 1, DELETED: 2, COLLECTION: 3}


@dataclass(frozen=True)
class Raw:
    """One change as it happened (a row of BC's API Webhook Notification)."""

    record_id: str
    kind: str
    at: str  # when it happened: BC's CurrentDateTime() in the database trigger


@dataclass
class Item:
    """One notification to send (a row of BC's API Webhook Notification Aggr)."""

    record_id: str  # empty for a collection
    kind: str
    at: str  # its lastModifiedDateTime: the latest change merged into it


def sort_key(change: Raw | Item) -> tuple[str, int]:
    return change.at, _ORDER[change.kind]


@dataclass
class Collection:
    at: str  # the latest change merged in
    since: str  # the first held item's time; empty: no $filter (a deletion is in it)


@dataclass
class SubscriptionChanges:
    root: Scope
    subscription_id: str
    target: Target
    raw: list[Raw] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    collection: Collection | None = None

    def add(self, record_id: str, kind: str, at: str) -> None:
        self.raw.append(Raw(record_id, kind, at))

    @property
    def empty(self) -> bool:
        return not (self.raw or self.items or self.collection)

    def aggregate(self, threshold: int, null_update: Callable[[Raw], bool]) -> None:
        """Turns the raw changes into items (BC's GenerateAggregateNotifications)."""
        raw, self.raw = sorted(self.raw, key=sort_key), []
        deletion = any(change.kind == DELETED for change in raw)
        for change in raw:
            if null_update(change):
                continue
            if self.collection is not None:
                self.collection.at = change.at
                if deletion:
                    self.collection.since = ""
                continue
            if change.kind == UPDATED and self._merge_update(change):
                continue
            if len(self.items) >= threshold:
                first = min(self.items, key=sort_key).at
                self.collection = Collection(change.at, "" if deletion else first)
                self.items = []
                continue
            self.items.append(Item(change.record_id, change.kind, change.at))

    def _merge_update(self, change: Raw) -> bool:
        mine = [item for item in self.items if item.record_id == change.record_id]
        if not mine:
            return False
        last = max(mine, key=sort_key)
        if last.kind != UPDATED:
            return False
        last.at = change.at
        return True

    def ordered(self) -> list[Item]:
        return sorted(self.items, key=sort_key)

    def absorb(self, newer: SubscriptionChanges) -> None:
        """Changes made after this one's were aggregated (a retry meets new changes)."""
        self.raw.extend(newer.raw)


@dataclass(frozen=True)
class Destination:
    """Where one POST goes. BC's sending job runs per company, so one POST carries one
    company's subscriptions that share the notification URL."""

    company: Scope
    url: str


@dataclass
class Outbox:
    destination: Destination
    due: float  # monotonic time the POST should go out
    attempt: int = 0  # failed deliveries so far
    # When the retry of a failed delivery is due by the schedule; a new change may send
    # it sooner (`due`), and a failure then counts no attempt.
    retry_at: float | None = None
    subscriptions: dict[str, SubscriptionChanges] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.destination.url

    def add(
        self, root: Scope, subscription_id: str, target: Target, record_id: str, kind: str, at: str
    ) -> None:
        changes = self.subscriptions.get(subscription_id)
        if changes is None:
            changes = self.subscriptions[subscription_id] = SubscriptionChanges(
                root, subscription_id, target
            )
        changes.add(record_id, kind, at)

    def absorb(self, newer: SubscriptionChanges) -> None:
        mine = self.subscriptions.get(newer.subscription_id)
        if mine is None:
            self.subscriptions[newer.subscription_id] = newer
        else:
            mine.absorb(newer)

    @property
    def empty(self) -> bool:
        return all(s.empty for s in self.subscriptions.values())
