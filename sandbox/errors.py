"""BC's error shape: `{"error": {"code", "message"}}`, the message ending with a correlation id."""

from __future__ import annotations

import uuid

import orjson
from starlette.responses import Response


class ODataError(Exception):
    """An error the sandbox answers the way BC would: an HTTP status, a BC code, a message."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def body(self) -> dict[str, object]:
        correlation = uuid.uuid4()
        return {
            "error": {
                "code": self.code,
                "message": f"{self.message}  CorrelationId:  {correlation}.",
            }
        }

    def response(self) -> Response:
        return Response(
            orjson.dumps(self.body()),
            status_code=self.status,
            media_type="application/json; odata.metadata=minimal",
            headers=self.headers,
        )


def not_found_segment(segment: str) -> ODataError:
    return ODataError(
        404, "BadRequest_ResourceNotFound", f"Resource not found for the segment '{segment}'."
    )


def record_not_found(entity_title: str, key: str) -> ODataError:
    return ODataError(
        404,
        "Internal_RecordNotFound",
        f"The {entity_title} does not exist. Identification fields and values: Id='{key}'",
    )


def unsupported_media_type(content_type: str) -> ODataError:
    """A JSON write whose Content-Type is missing or not JSON. The status is the one BC's
    docs give for a wrong Content-Type (415, web-service-troubleshooting); the messages
    are those of the OData library BC's service tier reads bodies with."""
    if not content_type.strip():
        message = (
            "A missing or empty content type header was found when trying to read a message. "
            "The content type header is required."
        )
    else:
        message = (
            "A supported MIME type could not be found that matches the content type of the "
            "payload. None of the supported type(s) 'application/json' matches the content "
            f"type '{content_type}'."
        )
    return ODataError(415, "BadRequest", message)


def bad_request(message: str, code: str = "BadRequest") -> ODataError:
    return ODataError(400, code, message)


def method_not_allowed(method: str, entity_set: str, edm_type: str = "Entity") -> ODataError:
    return ODataError(
        405,
        "BadRequest_MethodNotAllowed",
        f"'{method}' requests for '{entity_set}' of EdmType '{edm_type}' are not allowed "
        "within Microsoft Dynamics 365 Business Central OData web services.",
    )


def read_only_control(name: str) -> ODataError:
    return ODataError(400, "BadRequest_InvalidOperation", f"Control '{name}' is read-only.")


def invalid_credentials() -> ODataError:
    return ODataError(
        401,
        "Authentication_InvalidCredentials",
        "The server has rejected the client credentials.",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def too_many_requests(actual: int, maximum: int, retry_after: int | None = None) -> ODataError:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return ODataError(
        429,
        "Application_TooManyRequests",
        f"Too many requests reached. Actual ({actual}). Maximum ({maximum}).",
        headers=headers,
    )


def dialog(message: str) -> ODataError:
    """An AL `Error(...)`: how BC reports business-rule failures."""
    return ODataError(400, "Application_DialogException", message)
