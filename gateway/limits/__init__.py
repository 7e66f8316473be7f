"""Limits on what one request, operation, user or connection may ask of the gateway; each
refusal is a GraphQL-shaped error with code QUERY_TOO_COMPLEX, RATE_LIMITED or
BAD_USER_INPUT.

config.py         LimitsConfig and ServerLimits: the numbers, from Settings
document.py       the extension that applies the four below to each operation, and
                  remembers per document (bounded) what they measured
tokens.py         characters and lexical tokens per document (before/while parsing)
shape.py          field nesting depth and aliases, before validation
overlap.py        graphql-core's overlapping-fields rule with a gateway-sized work budget
cost.py           estimated fields resolved, `first` multiplying lists
body_size.py      ASGI middleware: request body bytes (413)
body_deadline.py  ASGI middleware: time to send a request body (408); a client leaving
                  mid-body is one quiet log line
http_protocol.py  uvicorn's HTTP protocol: request head size (431) and time (408), open
                  connections (503)
rate.py           per-user token bucket (429 + Retry-After) over a RateStore
rate_memory.py    RateStore in this process
rate_redis.py     RateStore in Redis, shared by replicas

None of them does work per resolved field, and none follows a fragment spread more than
once: each fragment is measured once, so nested spreads cannot multiply the work.
"""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import SchemaExtension

from gateway.limits.body_deadline import BodyDeadline
from gateway.limits.body_size import BodySizeLimit
from gateway.limits.config import LimitsConfig, ServerLimits
from gateway.limits.cost import operation_cost
from gateway.limits.document import CostLimit, DocumentLimits, DocumentMemo
from gateway.limits.overlap import overlap_rule
from gateway.limits.rate import OpeningRateStore, RateLimiter, RateStore, open_rate_store

__all__ = [
    "BodyDeadline",
    "BodySizeLimit",
    "CostLimit",
    "LimitsConfig",
    "OpeningRateStore",
    "RateLimiter",
    "RateStore",
    "ServerLimits",
    "limit_extensions",
    "open_rate_store",
    "operation_cost",
]


def limit_extensions(
    config: LimitsConfig,
) -> tuple[list[Callable[[], SchemaExtension]], CostLimit]:
    """Extension factories for the schema (Strawberry makes fresh instances per operation),
    sharing one memo: it lives as long as the app that holds the schema; and the cost
    limit they apply, for the operations the gateway answers without Strawberry."""
    # The rule class is made once here: the validation cache keys on the rules.
    memo = DocumentMemo(overlap_rule())
    cost = CostLimit(config, memo)
    return [lambda: DocumentLimits(config, memo, cost)], cost
