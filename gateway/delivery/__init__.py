"""Record events delivered to the app's backend over HTTP, as Standard Webhooks.

    config.py     where events go, how often they are tried (settings: BCGRAPH_EVENTS_*)
    event.py      a published change -> the body, its stable event id, its record's key
    signing.py    webhook-id / webhook-timestamp / webhook-signature (HMAC-SHA256)
    queue.py      the durable queue's contract and the factory picking its backend
    backends/     SQL (SQLite, PostgreSQL) and Redis queues
    targets.py    the gateway's webhook or a connection's own, and the checks on the latter
    worker.py     takes due events, posts them, retries, dead-letters
    metrics.py    delivered, failed attempts, dead letters, queue depth, latency
    service.py    `Deliveries`: all of it, started and stopped by the runtime
    cli.py        `bcgraph deliveries dead|replay`

docs/events-webhooks.md is the user's side of it.
"""

from gateway.delivery.service import Deliveries, WebhookStatus

__all__ = ["Deliveries", "WebhookStatus"]
