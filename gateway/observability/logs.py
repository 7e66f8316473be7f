"""Logs as JSON lines (or text for a terminal), each with the request id and user id of the
request it belongs to, and never a secret.

Secrets are cut from every formatted line, whoever logged it (uvicorn's access log prints
query strings, httpx prints URLs): bearer tokens, anything shaped like a JWT, and the
values of credential-carrying parameters (OAuth `code`, connect `ticket`, tokens, secrets,
PKCE verifiers) in URLs, forms and JSON. The request id and user id come from context
variables that the request middleware (requests.py) sets.
"""

from __future__ import annotations

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# Context variables are per-request keys, not shared state: each request's task sees its own.
request_id_var: ContextVar[str | None] = ContextVar("bcgraph_request_id", default=None)
user_id_var: ContextVar[str | None] = ContextVar("bcgraph_user_id", default=None)

REDACTED = "[redacted]"
_CREDENTIAL_FIELDS = (
    "access_token|refresh_token|id_token|client_secret|client_assertion|code_verifier|"
    "token|password|secret|assertion|ticket"
)
# In URLs and forms `code` (OAuth) and `state` carry credentials too; in JSON bodies a
# "code" is an error code, which logs must keep.
_CREDENTIAL_PARAMETERS = f"{_CREDENTIAL_FIELDS}|code|state|session_state|key|sig"
_PATTERNS = (
    (re.compile(r"(?i)\b(bearer)\s+[^\s\"',;]+"), rf"\1 {REDACTED}"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"), REDACTED),
    (re.compile(rf"(?i)\b({_CREDENTIAL_PARAMETERS})=[^&\s\"'#]+"), rf"\1={REDACTED}"),
    (re.compile(rf"(?i)\"({_CREDENTIAL_FIELDS})\"\s*:\s*\"[^\"]*\""), rf'"\1": "{REDACTED}"'),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        if (request_id := request_id_var.get()) is not None:
            entry["requestId"] = request_id
        if (user_id := user_id_var.get()) is not None:
            entry["userId"] = user_id
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s%(context)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        parts = [v for v in (request_id_var.get(), user_id_var.get()) if v is not None]
        record.context = f" [{' '.join(parts)}]" if parts else ""
        return redact(super().format(record))


def logging_config(log_format: str = "json", level: str = "info") -> dict[str, Any]:
    """A dictConfig for the process, and for uvicorn's `log_config`, so uvicorn's own
    loggers (errors, access) go through the same formatter."""
    formatter = JsonFormatter if log_format == "json" else TextFormatter
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"bcgraph": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "bcgraph",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": level, "propagate": True},
            # One line per BC call at info is noise; their outcome is in the metrics.
            "httpx": {"handlers": [], "level": "WARNING", "propagate": True},
            "httpcore": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }
