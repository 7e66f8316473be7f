"""BC webhooks become record-change events: receiving, checking, fetching, publishing, and
keeping the BC subscriptions behind them alive.

config.py       WebhookConfig: idle grace, poll and reconcile intervals, queue bound, workers
model.py        Topic, Watch, Notification; notification resources parsed
registry.py     the Registry protocol (watches, interest, seen notifications, snapshots)
backends/       memory and redis registries, one file each
upstream.py     the owner's BC: targets, paged reads, BC's subscriptions API
receiver.py     /webhooks/bc: handshake, constant-time clientState check, 202 or 503
processor.py    queued notifications -> fetched records -> published events, each once
children.py     records derived from their parent's (Watch.PARENT), by snapshot comparison
polling.py      entities BC cannot webhook (Watch.POLL), polled
lifecycle.py    one watch with BC: create, renew, check, re-create + catch up, retire
interest.py     this replica's subscribers per topic; ensures their watches exist
maintenance.py  renewals, checks, polling, reconciliation and idle clean-up, one replica
                at a time
feed.py         LiveFeed: what GraphQL subscriptions read
service.py      Webhooks: all of it wired, started and stopped by the lifespan
"""

from gateway.webhooks.config import RECEIVER_PATH, WebhookConfig
from gateway.webhooks.feed import LiveFeed
from gateway.webhooks.service import Webhooks

__all__ = ["RECEIVER_PATH", "LiveFeed", "WebhookConfig", "Webhooks"]
