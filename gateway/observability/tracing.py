"""OpenTelemetry tracing, an optional extra: `pip install 'bcgraph[otel]'`, then
BCGRAPH_OTEL=true. Spans go to the OTLP endpoint in the standard OTEL_EXPORTER_OTLP_*
variables.

One span per operation with child spans for parse, validate and execute: no span per
resolved field, which would multiply over every row (PERFORMANCE-NOTES.md).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

SERVICE_NAME = "bcgraph"


# What bcgraph[otel] installs; the SDK alone (which the dev extra brings) cannot export.
_OTEL_MODULES = ("opentelemetry.sdk.trace", "opentelemetry.exporter.otlp.proto.http")


def otel_installed() -> bool:
    for module in _OTEL_MODULES:
        try:
            if importlib.util.find_spec(module) is None:
                return False
        except ModuleNotFoundError:  # a parent package is missing
            return False
    return True


def open_tracer_provider() -> Any:
    """A TracerProvider exporting over OTLP/HTTP; the lifespan shuts it down (flushing)."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider


class Tracer:
    """The app's tracer, built before the app: `start()` (the lifespan) opens the provider,
    whose exporter runs a thread; `shutdown()` flushes and closes it. Spans begun before the
    start or after the shutdown are not recorded."""

    def __init__(self, open_provider: Callable[[], Any] = open_tracer_provider) -> None:
        self._open_provider = open_provider  # the OTLP exporter's; tests give their own
        self._provider: Any = None
        self._tracer: Any = None

    def start(self) -> None:
        if self._provider is None:
            self._provider = self._open_provider()
            self._tracer = self._provider.get_tracer(SERVICE_NAME)

    def shutdown(self) -> None:
        provider, self._provider, self._tracer = self._provider, None, None
        if provider is not None:
            provider.shutdown()

    def start_as_current_span(self, name: str) -> Any:
        if self._tracer is None:
            from opentelemetry.trace import NoOpTracer

            return NoOpTracer().start_as_current_span(name)
        return self._tracer.start_as_current_span(name)


class Tracing(SchemaExtension):
    def __init__(self, tracer: Any) -> None:
        super().__init__()
        self._tracer = tracer

    def on_operation(self) -> Iterator[None]:
        with self._tracer.start_as_current_span("graphql.operation") as span:
            try:
                yield
            finally:
                context = self.execution_context
                if context.graphql_document is not None:
                    try:
                        span.set_attribute("graphql.operation.type", context.operation_type.value)
                    except RuntimeError:
                        pass
                    if context.operation_name:
                        span.set_attribute("graphql.operation.name", context.operation_name)
                result = context.result
                if result is not None and result.errors:
                    codes = {str((e.extensions or {}).get("code", "")) for e in result.errors}
                    span.set_attribute("graphql.error.codes", sorted(codes))
                    from opentelemetry.trace import Status, StatusCode

                    span.set_status(Status(StatusCode.ERROR))

    def on_parse(self) -> Iterator[None]:
        with self._tracer.start_as_current_span("graphql.parse"):
            yield

    def on_validate(self) -> Iterator[None]:
        with self._tracer.start_as_current_span("graphql.validate"):
            yield

    def on_execute(self) -> Iterator[None]:
        with self._tracer.start_as_current_span("graphql.execute"):
            yield
