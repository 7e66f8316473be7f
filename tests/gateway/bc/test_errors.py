"""BC's error answers become the gateway's typed errors, with bcCode and the correlation id
split out, and nothing else of the upstream body."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from gateway.bc.errors import BCAuthRejected, bc_error, error_from_response, error_from_transport
from gateway.bc.types import BCRequest, BCTarget
from gateway.errors import (
    BadUserInput,
    Conflict,
    Forbidden,
    GatewayError,
    NotFound,
    QueryTooComplex,
    RateLimited,
    UpstreamError,
    UpstreamUnavailable,
)
from tests.gateway.bc.conftest import ROOT, World, token_source

CORRELATION = "0b1c2d3e-4f50-4617-8899-aabbccddeeff"


def bc_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": f"{message}  CorrelationId:  {CORRELATION}."}}


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (400, "Application_DialogException", BadUserInput),
        (401, "Authentication_InvalidCredentials", BCAuthRejected),
        (403, "Authorization_Forbidden", Forbidden),
        (404, "Internal_RecordNotFound", NotFound),
        (405, "BadRequest_MethodNotAllowed", BadUserInput),
        (408, "Unknown", UpstreamUnavailable),
        (409, "Request_EntityChanged", Conflict),
        (409, "Internal_EntityWithSameKeyExists", Conflict),
        (413, "Unknown", BadUserInput),
        (414, "Unknown", QueryTooComplex),
        (429, "Application_TooManyRequests", RateLimited),
        (500, "Internal_ServerError", UpstreamError),
        (501, "BadRequest_MethodNotImplemented", UpstreamError),
        (502, "Unknown", UpstreamUnavailable),
        (503, "Unavailable", UpstreamUnavailable),
        (504, "GatewayTimeout", UpstreamUnavailable),
    ],
)
def test_every_status_maps(status: int, code: str, kind: type[GatewayError]) -> None:
    error = error_from_response(status, bc_body(code, "What BC said."), {})
    assert type(error) is kind
    assert error.message == "What BC said."
    assert error.extensions["bcCode"] == code
    assert error.extensions["bcCorrelationId"] == CORRELATION
    assert "CorrelationId" not in error.message


def test_bc_auth_rejected_is_an_upstream_error() -> None:
    error = error_from_response(401, None, {})
    assert isinstance(error, UpstreamError) and error.code == "UPSTREAM_ERROR"


def test_messages_without_a_bc_body_are_generic() -> None:
    for status in (400, 401, 403, 404, 409, 414, 429, 500, 503, 599):
        error = error_from_response(status, "<html>secret stack trace</html>", {})
        assert "secret" not in error.message and "html" not in error.message
        assert "bcCode" not in error.extensions
    assert error_from_response(500, None, {}).extensions == {"httpStatus": 500}
    assert (
        "Another user"
        in error_from_response(409, bc_body("Request_EntityChanged", " "), {}).message
    )


def test_rate_limited_keeps_retry_after_seconds() -> None:
    error = error_from_response(
        429, bc_body("Application_TooManyRequests", "x"), {"retry-after": "7"}
    )
    assert error.extensions["retryAfter"] == 7
    assert "retryAfter" not in error_from_response(429, None, {}).extensions


def test_bc_error_is_bounded_and_tolerant() -> None:
    code, message, correlation = bc_error(bc_body("X" * 500, "m" * 5000))
    assert code is not None and len(code) <= 100
    assert message is not None and len(message) <= 1000 and correlation == CORRELATION
    assert bc_error({"error": "flat"}) == (None, None, None)
    assert bc_error([1, 2]) == (None, None, None)
    assert bc_error({"error": {"code": 5, "message": None}}) == (None, None, None)
    # A message without a correlation id is kept whole.
    assert bc_error({"error": {"code": "C", "message": "Plain."}}) == ("C", "Plain.", None)


def test_transport_errors() -> None:
    request = httpx.Request("POST", "http://bc.test/x")
    timeout = error_from_transport(
        httpx.ReadTimeout("timed out reading http://bc.test/secret?token=x", request=request),
        method="POST",
        outcome_unknown=True,
    )
    assert isinstance(timeout, UpstreamUnavailable)
    assert timeout.extensions == {"outcomeUnknown": True}
    assert "unknown" in timeout.message and "secret" not in timeout.message
    refused = error_from_transport(
        httpx.ConnectError("refused", request=request), method="GET", outcome_unknown=False
    )
    assert refused.message == "Business Central could not be reached."


# --- against the sandbox -------------------------------------------------------------


async def raises(world: World, request: BCRequest) -> GatewayError:
    with pytest.raises(GatewayError) as caught:
        await world.client.send(world.target, request)
    return caught.value


async def test_unknown_id_is_not_found(world: World) -> None:
    error = await raises(
        world, BCRequest("GET", str(world.company().child("vendors", uuid.uuid4())))
    )
    assert isinstance(error, NotFound)
    assert error.extensions["bcCode"] == "Internal_RecordNotFound"
    assert uuid.UUID(error.extensions["bcCorrelationId"])
    assert error.message.startswith("The Vendor does not exist.")
    assert "CorrelationId" not in error.message


async def test_stale_etag_is_a_conflict(world: World) -> None:
    listed = await world.get(world.company().child("vendors"), **{"$top": "1"})
    vendor = listed.body["value"][0]
    path = str(world.company().child("vendors", vendor["id"]))
    updated = await world.client.send(
        world.target,
        BCRequest(
            "PATCH", path, body={"city": "Atlanta"}, headers={"If-Match": vendor["@odata.etag"]}
        ),
    )
    assert updated.status == 200 and updated.body["@odata.etag"] != vendor["@odata.etag"]
    stale = await raises(
        world,
        BCRequest(
            "PATCH", path, body={"city": "Boston"}, headers={"If-Match": vendor["@odata.etag"]}
        ),
    )
    assert isinstance(stale, Conflict)
    assert stale.extensions["bcCode"] == "Request_EntityChanged"
    assert stale.message == "Another user has already changed the record."


async def test_bc_validation_is_bad_user_input(world: World) -> None:
    vendors = str(world.company().child("vendors"))
    too_long = await raises(world, BCRequest("POST", vendors, body={"displayName": "x" * 101}))
    assert isinstance(too_long, BadUserInput)
    assert too_long.extensions["bcCode"] == "Application_StringExceededLength"
    listed = await world.get(vendors, **{"$top": "1"})
    no_etag = await raises(
        world,
        BCRequest(
            "PATCH",
            str(world.company().child("vendors", listed.body["value"][0]["id"])),
            body={"city": "X"},
        ),
    )
    assert isinstance(no_etag, BadUserInput)
    assert no_etag.extensions["bcCode"] == "BadRequest_InvalidToken"
    bad_select = await raises(world, BCRequest("GET", vendors, params={"$select": "nope"}))
    assert isinstance(bad_select, BadUserInput)


async def test_writing_a_read_only_set_is_405_bad_user_input(world: World) -> None:
    error = await raises(
        world, BCRequest("POST", str(world.company().child("accounts")), body={"number": "1"})
    )
    assert isinstance(error, BadUserInput)
    assert error.extensions["bcCode"] == "BadRequest_MethodNotAllowed"


async def test_refused_token_is_bc_auth_rejected(world: World) -> None:
    target = BCTarget("alice", ROOT, token_source("not-a-token"))
    with pytest.raises(BCAuthRejected) as caught:
        await world.client.send(target, BCRequest("GET", "companies"))
    assert caught.value.extensions["bcCode"] == "Authentication_InvalidCredentials"
    assert "not-a-token" not in str(caught.value.to_extensions())
