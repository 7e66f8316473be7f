"""JSON `$batch`: operations run in order through the same `Api.handle` as single requests.

By default processing stops at the first failure (earlier writes stay);
`Prefer: odata.continue-on-error` runs every operation; `Isolation: snapshot`
makes the whole batch one transaction that any failure rolls back, although
the earlier items still report their 200/201, as BC does.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson

from sandbox.api import Api, ApiRequest, ApiResponse
from sandbox.errors import ODataError, bad_request
from sandbox.store import Store


class _RollBack(Exception):
    pass


class BatchRunner:
    def __init__(
        self,
        api: Api,
        store: Store,
        *,
        max_operations: int,
        on_operation: Callable[[str, str, int], None],
    ) -> None:
        self._api = api
        self._store = store
        self._max = max_operations
        self._on_operation = on_operation

    async def run(self, request: ApiRequest) -> ApiResponse:
        if request.method != "POST":
            raise ODataError(405, "BadRequest_MethodNotAllowed", "$batch accepts POST only.")
        content_type = request.headers.get("content-type", "")
        if "application/json" not in content_type:
            raise bad_request(
                "The sandbox supports JSON batch requests only (Content-Type: application/json)."
            )
        try:
            envelope = orjson.loads(request.body)
        except orjson.JSONDecodeError:
            raise bad_request("Invalid Request Body: the batch is not valid JSON.") from None
        items = envelope.get("requests") if isinstance(envelope, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise bad_request("Invalid Request Body: 'requests' must be an array of objects.")
        if len(items) > self._max:
            raise ODataError(
                400,
                "Unknown",
                "The current batch message contains too many parts. A maximum number of "
                f"'{self._max}' query operations and change sets are allowed in a batch message.",
            )
        prefer = request.headers.get("prefer", "").lower()
        keep_going = "odata.continue-on-error" in prefer
        snapshot = request.headers.get("isolation", "").lower() == "snapshot"
        responses: list[dict[str, Any]] = []
        if snapshot:
            try:
                with self._store.transaction():
                    failed = await self._run_all(request, items, responses, keep_going)
                    if failed:
                        raise _RollBack
            except _RollBack:
                pass
        else:
            await self._run_all(request, items, responses, keep_going)
        return ApiResponse(200, orjson.dumps({"responses": responses}), "application/json")

    async def _run_all(
        self,
        request: ApiRequest,
        items: list[dict[str, Any]],
        responses: list[dict[str, Any]],
        keep_going: bool,
    ) -> bool:
        failed = False
        for item in items:
            response = await self._one(request, item)
            responses.append(_item(item.get("id"), response))
            if response.status >= 400:
                failed = True
                if not keep_going:
                    break
        return failed

    async def _one(self, parent: ApiRequest, item: dict[str, Any]) -> ApiResponse:
        method = str(item.get("method", "")).upper()
        url = item.get("url")
        if method not in ("GET", "POST", "PATCH", "DELETE") or not isinstance(url, str):
            error = bad_request(
                "Each batch request needs a method (GET, POST, PATCH, DELETE) and a url."
            )
            return ApiResponse(error.status, orjson.dumps(error.body()))
        if url.startswith(parent.service_root):
            url = url[len(parent.service_root) :]
        parts = urlsplit(url)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        raw_headers = item.get("headers") or {}
        headers = {str(k).lower(): str(v) for k, v in raw_headers.items()}
        if "company" in headers and "company" not in params:
            params["company"] = headers["company"]
        body = item.get("body")
        if body is not None:
            # OData's JSON batch format: an item whose body is JSON may leave out its
            # content-type (only another media type must be named).
            headers.setdefault("content-type", "application/json")
        sub = dataclasses.replace(
            parent,
            method=method,
            api_path=parts.path.lstrip("/"),
            params=params,
            headers=headers,
            body=b"" if body is None else orjson.dumps(body),
        )
        response = await self._api.handle(sub)
        self._on_operation(method, sub.api_path, response.status)
        return response


def _item(request_id: Any, response: ApiResponse) -> dict[str, Any]:
    out: dict[str, Any] = {"id": request_id, "status": response.status}
    if not response.body:
        out["headers"] = {}
        return out
    headers = {k.lower(): v for k, v in response.headers.items()}
    if response.media_type:
        headers["content-type"] = response.media_type
    headers["odata-version"] = "4.0"
    out["headers"] = headers
    media = response.media_type or ""
    if "json" in media:
        out["body"] = response.json()
    elif media.startswith("text/"):
        out["body"] = response.body.decode()
    else:
        # A stream's bytes: OData's JSON batch format carries binary as base64url.
        out["body"] = base64.urlsafe_b64encode(response.body).decode("ascii")
    return out
