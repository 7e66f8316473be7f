"""How the gateway keeps BC webhook subscriptions and turns them into events."""

from __future__ import annotations

import math
from dataclasses import dataclass

RECEIVER_PATH = "/webhooks/bc"


@dataclass(frozen=True)
class WebhookConfig:
    """`idle_grace_seconds`: how long a BC subscription outlives its last GraphQL
    subscriber (a page reload should not cost a new handshake); `inf` keeps it for good.

    `poll_interval_seconds`: how often what BC cannot webhook (Watch.POLL) is polled, and
    how often BC subscriptions are checked for having been deleted by BC. Maintenance
    (renewals, checks, polling, reconciliation, idle clean-up) runs at a fraction of it.

    `reconcile_seconds`: how often each webhook watch that someone subscribes to asks BC
    for what changed since its last reconciliation, to publish what no notification
    brought (BC believes it delivered, but the POST never arrived). One request per
    watch per interval: a lost change reaches subscribers within about
    `reconcile_seconds + reconcile_lag_seconds`.
    """

    idle_grace_seconds: float = 300.0
    poll_interval_seconds: float = 60.0
    # Notification POSTs accepted but not yet processed; beyond it BC is answered 503
    # and retries later.
    queue_limit: int = 1000
    workers: int = 4
    # How long a notification is remembered to drop BC's repeats, and a published change
    # to drop its second telling (a notification arriving after reconciliation found its
    # change): BC retries a failed POST for about 18.5 hours.
    dedupe_seconds: float = 24 * 3600.0
    reconcile_seconds: float = 60.0
    # Reconciliation leaves alone what changed in the last `reconcile_lag_seconds` (by
    # lastModifiedDateTime): BC posts a notification about 30 s after the change it
    # reports, and reading the window before the notification comes costs a read for
    # nothing. 60 s is BC's 30 s twice over: room for the POST, our queue, a transaction
    # committed a little after its lastModifiedDateTime, and a few seconds of skew
    # between BC's clock and ours. Too short costs no duplicate (published changes are
    # keyed, deletions claimed in the watch's id set); too long only delays the recovery.
    reconcile_lag_seconds: float = 60.0
    # The most records a watched set may have for its watch to keep their ids (idsets.py:
    # about 16 bytes each in the registry, more in Redis's set overhead), and so the most
    # ids one deletion scan reads. Beyond it, deletions whose notification was lost are
    # not seen for that set. At most 99,999 (a BC read follows 100,000 rows at most).
    reconcile_max_ids: int = 50_000

    def __post_init__(self) -> None:
        if not self.idle_grace_seconds >= 0:
            raise ValueError("the idle grace period must be zero or more seconds (or inf)")
        if not (0 < self.poll_interval_seconds < math.inf):
            raise ValueError("the poll interval must be a positive number of seconds")
        if not (0 < self.reconcile_seconds < math.inf):
            raise ValueError("the reconcile interval must be a positive number of seconds")
        if not (0 <= self.reconcile_lag_seconds < math.inf):
            raise ValueError("the reconcile lag must be zero or more seconds")
        if self.reconcile_max_ids < 0:
            raise ValueError("the most ids reconciliation keeps must be zero or more")
        if self.queue_limit < 1 or self.workers < 1:
            raise ValueError("the webhook queue limit and worker count must be positive")

    @property
    def tick_seconds(self) -> float:
        """Maintenance runs this often: often enough to renew and notice deletions well
        within one poll interval, never busier than 20 times a second."""
        return max(0.05, min(self.poll_interval_seconds / 4, 15.0))

    @property
    def interest_ttl_seconds(self) -> float:
        """A replica's interest in a topic lapses this long after its last heartbeat
        (a replica that died stops holding BC subscriptions after this, plus the grace)."""
        return max(3 * self.tick_seconds, 2.0)
