"""The delivery's Prometheus metrics, on the app's registry (so on /metrics with the rest).

bcgraph_events_delivered_total                  events a receiver accepted (2xx)
bcgraph_events_delivery_failures_total{reason}  failed attempts: status class, timeout,
                                                connect, refused target
bcgraph_events_dead_lettered_total              events given up on
bcgraph_events_queue_depth                      events queued (all replicas'), as this
                                                replica last counted
bcgraph_events_delivery_latency_seconds         from publication to the receiver's 2xx
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

# Seconds: a first attempt takes milliseconds; retries take minutes to hours.
_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600)


class DeliveryMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.delivered = Counter(
            "bcgraph_events_delivered",
            "Record events a webhook receiver accepted (a 2xx answer).",
            registry=registry,
        )
        self.failures = Counter(
            "bcgraph_events_delivery_failures",
            "Failed attempts to deliver a record event, by reason.",
            ["reason"],
            registry=registry,
        )
        self.dead_lettered = Counter(
            "bcgraph_events_dead_lettered",
            "Record events given up on (moved to the dead letters).",
            registry=registry,
        )
        self.queue_depth = Gauge(
            "bcgraph_events_queue_depth",
            "Record events queued for delivery, as this replica last counted.",
            registry=registry,
        )
        self.latency = Histogram(
            "bcgraph_events_delivery_latency_seconds",
            "Time from an event's publication to its receiver's 2xx answer.",
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
