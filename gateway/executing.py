"""How the app executes GraphQL operations: the schema with the app's extensions (metrics,
tracing when configured, the limits), and beside it the prepared path for repeated reads
(gateway/prepared.py)."""

from __future__ import annotations

from typing import Any

from bcmodel import Registry
from gateway.limits import limit_extensions
from gateway.observability import Metrics, OperationMetrics
from gateway.observability.tracing import Tracer, Tracing
from gateway.prepared import PreparedOperations
from gateway.settings import Settings
from schema import GatewaySchema, build_schema


def app_schema(
    settings: Settings, registry: Registry, metrics: Metrics, tracer: Tracer | None
) -> tuple[GatewaySchema, PreparedOperations | None]:
    extensions: list[Any] = [lambda: OperationMetrics(metrics)]
    if tracer is not None:
        extensions.append(lambda: Tracing(tracer))
    limits, cost = limit_extensions(settings.limits)
    extensions += limits
    schema = build_schema(extensions, registry, settings.introspection, settings.compiled_plans)
    # A span per operation needs Strawberry's extensions: with tracing, every request
    # goes through them.
    if tracer is not None or settings.compiled_plans <= 0:
        return schema, None
    return schema, PreparedOperations(schema, cost, metrics)
