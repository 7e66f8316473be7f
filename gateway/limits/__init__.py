"""Limits on what one request, operation, user or connection may ask of the gateway; each
refusal is a GraphQL-shaped error with code QUERY_TOO_COMPLEX, RATE_LIMITED or
BAD_USER_INPUT.

config.py         LimitsConfig and ServerLimits: the numbers, from Settings
depth.py          validation rule: field nesting depth
aliases.py        validation rule: aliased fields per document
tokens.py         extension: lexical tokens per document (stops the parser early)
cost.py           extension: estimated fields resolved, `first` multiplying lists
body_size.py      ASGI middleware: request body bytes (413)
body_deadline.py  ASGI middleware: time to send a request body (408); a client leaving
                  mid-body is one quiet log line
http_protocol.py  uvicorn's HTTP protocol: request head size (431) and time (408), open
                  connections (503)
rate.py           per-user token bucket (429 + Retry-After) over a RateStore
rate_memory.py    RateStore in this process
rate_redis.py     RateStore in Redis, shared by replicas

None of them does work per resolved field: the rules run once per distinct document (the
validation cache keeps their verdict), the extensions once per operation.
"""

from __future__ import annotations

from collections.abc import Callable

from graphql import ASTValidationRule
from strawberry.extensions import AddValidationRules, SchemaExtension

from gateway.limits.aliases import alias_rule
from gateway.limits.body_deadline import BodyDeadline
from gateway.limits.body_size import BodySizeLimit
from gateway.limits.config import LimitsConfig, ServerLimits
from gateway.limits.cost import CostLimit, operation_cost
from gateway.limits.depth import depth_rule
from gateway.limits.rate import RateLimiter, RateStore, open_rate_store
from gateway.limits.tokens import TokenLimit

__all__ = [
    "BodyDeadline",
    "BodySizeLimit",
    "LimitsConfig",
    "RateLimiter",
    "RateStore",
    "ServerLimits",
    "limit_extensions",
    "open_rate_store",
    "operation_cost",
]


def limit_extensions(config: LimitsConfig) -> list[Callable[[], SchemaExtension]]:
    """Extension factories for the schema (Strawberry makes fresh instances per operation)."""
    # The rule classes are made once here: the validation cache keys on them.
    rules: list[type[ASTValidationRule]] = [
        depth_rule(config.max_depth),
        alias_rule(config.max_aliases),
    ]
    return [
        lambda: TokenLimit(config.max_tokens),
        lambda: AddValidationRules(rules),
        lambda: CostLimit(config.max_cost),
    ]
