"""The 400s BC answers a `$filter` it refuses, with BC's codes; every part of the compiler
raises them, so they live apart from all of it."""

from __future__ import annotations

from sandbox.errors import ODataError

__all__ = ["bad_request", "not_supported", "syntax_error"]


def syntax_error() -> ODataError:
    return ODataError(400, "BadRequest_NotFound", "Bad Request - Error in query syntax.")


def not_supported(message: str) -> ODataError:
    return ODataError(400, "BadRequest_NotSupported", message)


def bad_request(message: str) -> ODataError:
    return ODataError(400, "BadRequest", message)
