"""What the gateway tells its operators.

metrics.py     Metrics: Prometheus counters on the Runtime, `/metrics`, httpx event hooks
operations.py  schema extension counting and timing operations (on_operation only)
ready.py       Readiness: `/readyz`, named checks under one timeout
logs.py        JSON/text log formatters with request id and user id, secrets redacted
requests.py    middleware that set the request id and user id for the logs
tracing.py     optional OpenTelemetry spans per operation (extra `otel`)
"""

from gateway.observability.logs import logging_config, redact, request_id_var, user_id_var
from gateway.observability.metrics import Metrics
from gateway.observability.operations import OperationMetrics
from gateway.observability.ready import Readiness, add_readiness_checks, http_reachable
from gateway.observability.requests import RequestContext, UserContext

__all__ = [
    "Metrics",
    "OperationMetrics",
    "Readiness",
    "RequestContext",
    "UserContext",
    "add_readiness_checks",
    "http_reachable",
    "logging_config",
    "redact",
    "request_id_var",
    "user_id_var",
]
