"""Subscriptions kept in the store, at the root scope of their tenant's environment.

Expired subscriptions are purged whenever they are looked at, so nobody (the
API, the dispatcher) ever sees one; BC's sending job purges them the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from sandbox.store import Record, Row, Scope, Store
from sandbox.webhooks.model import SUBSCRIPTIONS, Subscription, Target, expires_at, target_of


class Registry:
    def __init__(self, store: Store, clock: Callable[[], float]) -> None:
        self._store = store
        self.clock = clock

    def live(self, root: Scope) -> list[Record]:
        """The environment's unexpired subscriptions, in key order."""
        now = self.clock()
        records = []
        for record in self._store.records(root, SUBSCRIPTIONS):
            if expires_at(record.row) <= now:
                self.delete(root, record.row["id"])
            else:
                records.append(record)
        return sorted(records, key=lambda r: str(r.row["id"]))

    def get(self, root: Scope, subscription_id: str) -> Record | None:
        record = self._store.get(root, SUBSCRIPTIONS, subscription_id)
        if record is None:
            return None
        if expires_at(record.row) <= self.clock():
            self.delete(root, record.row["id"])
            return None
        return record

    def subscription(self, root: Scope, subscription_id: str) -> Subscription | None:
        record = self.get(root, subscription_id)
        return Subscription.from_row(root, record.row) if record else None

    def matching(self, scope: Scope, entity_set: str) -> list[Subscription]:
        """Unexpired subscriptions watching `entity_set` of the company in `scope`.

        Called from the store's change listener, so it only reads: deleting
        here would write to the store from inside its own notification.
        """
        root = scope.root()
        wanted = Target(scope.company_id, entity_set)
        now = self.clock()
        return [
            Subscription.from_row(root, record.row)
            for record in self._store.records(root, SUBSCRIPTIONS)
            if target_of(record.row) == wanted and expires_at(record.row) > now
        ]

    def insert(self, root: Scope, row: Row) -> Record:
        return self._store.insert(root, SUBSCRIPTIONS, row)

    def replace(self, root: Scope, row: Row) -> Record:
        return self._store.replace(root, SUBSCRIPTIONS, row)

    def delete(self, root: Scope, subscription_id: str) -> None:
        self._store.delete(root, SUBSCRIPTIONS, subscription_id)
