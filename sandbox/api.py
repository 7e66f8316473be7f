"""The BC API v2.0 itself: resolve a resource path (targets.py), then read, write or run an
action.

Transport-neutral: `$batch` calls `handle` for each operation exactly as the
HTTP endpoint does for a single request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlencode

import orjson

from bcmodel import STANDARD_ROUTE, Registry, Route
from sandbox.errors import (
    ODataError,
    bad_request,
    method_not_allowed,
    not_found_segment,
    unsupported_media_type,
)
from sandbox.metadata import metadata_xml, service_document
from sandbox.options import QueryOptions, parse_options
from sandbox.paths import Segment, parse_segments
from sandbox.permission_sets import AppAccess
from sandbox.reading import Reader
from sandbox.rules import rules_for
from sandbox.store import Record, Scope, Store
from sandbox.targets import Target, Targets, find_under, not_found
from sandbox.values import stream_bytes
from sandbox.writing import Writer

JSON = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false"


@dataclass(frozen=True)
class ApiRequest:
    method: str
    scope: Scope  # the tenant's environment (no company yet)
    api_path: str  # after `api/v2.0/` (`api/{route}/`)
    params: Mapping[str, str]
    headers: Mapping[str, str]  # lower-case names
    body: bytes
    service_root: str  # absolute URL of `…/api/v2.0` (or of the custom API's route)
    user_id: str
    route: Route = STANDARD_ROUTE  # the API the path is in
    access: AppAccess | None = None  # an app's permission sets; None for a user


@dataclass
class ApiResponse:
    status: int
    body: bytes = b""
    media_type: str | None = JSON
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return orjson.loads(self.body) if self.body else None


class ResourceApi(Protocol):
    """A root entity set with its own handler rather than the store's rows (webhook
    subscriptions)."""

    async def handle(self, request: ApiRequest, segment: Segment) -> ApiResponse: ...


class Api:
    def __init__(
        self,
        store: Store,
        reader: Reader,
        writer: Writer,
        entities: Registry,
        *,
        max_page_size: int,
        resources: Mapping[str, ResourceApi] | None = None,
    ) -> None:
        self._store = store
        self._reader = reader
        self._writer = writer
        self._entities = entities
        self._max_page_size = max_page_size
        # Each route's own document: BC's standard API, and each custom API with the
        # companies and its own sets.
        self._served = {
            STANDARD_ROUTE: entities.of_route(STANDARD_ROUTE),
            **{r: (entities.companies, *entities.of_route(r)) for r in entities.routes},
        }
        self._metadata = {route: metadata_xml(served) for route, served in self._served.items()}
        self._targets = Targets(store, entities)
        self._resources = dict(resources or {})

    @property
    def routes(self) -> tuple[Route, ...]:
        return tuple(self._served)

    async def handle(self, request: ApiRequest) -> ApiResponse:
        try:
            return await self._handle(request)
        except ODataError as error:
            return ApiResponse(error.status, orjson.dumps(error.body()), headers=error.headers)

    async def _handle(self, request: ApiRequest) -> ApiResponse:
        path = request.api_path.strip("/")
        if path == "":
            _only(request, "GET", "service document")
            served = self._served[request.route]
            return ApiResponse(200, orjson.dumps(service_document(request.service_root, served)))
        if path == "$metadata":
            _only(request, "GET", "$metadata")
            return ApiResponse(200, self._metadata[request.route], "application/xml")
        segments = parse_segments(path)
        resource = self._resources.get(segments[0].name) if request.route.standard else None
        if resource is not None and len(segments) == 1:
            _json_body_typed(request)
            return await resource.handle(request, segments[0])
        target = self._targets.resolve(
            request.scope, request.params, request.method, segments, request.route
        )
        if request.access is not None:
            request.access.check(target.entity, request.method, action=target.action is not None)
        if (
            request.method != "GET"
            and request.headers.get("data-access-intent", "").lower() == "readonly"
        ):
            raise bad_request(
                "The request modifies data, which Data-Access-Intent ReadOnly does not allow."
            )
        if target.action is not None:
            return self._action(request, target)
        if target.stream is not None:
            return self._stream(request, target, target.stream)
        if request.method == "GET":
            return self._get(request, target)
        if request.method == "POST":
            return self._post(request, target)
        if request.method == "PATCH":
            return self._patch(request, target)
        if request.method == "DELETE":
            return self._delete(request, target)
        raise method_not_allowed(request.method, target.entity.entity_set)

    # -- reads ---------------------------------------------------------------

    def _get(self, request: ApiRequest, target: Target) -> ApiResponse:
        entity = target.entity
        opts = parse_options(request.params, entity, self._entities)
        if target.navigation_of is not None:
            record = self._navigated(target)
            if record is None:
                return ApiResponse(204, media_type=None)
            return self._single(request, target, record, opts)
        if target.record_id is not None:
            record = self._lookup(target)
            return self._single(request, target, record, opts)
        records = self._collection_records(target, opts)
        page_size = self._page_size(request)
        page = self._reader.collection(target.scope, entity, records, opts, page_size)
        if target.count:
            return ApiResponse(200, str(page.count).encode(), "text/plain")
        context = target.parent_path if entity.company_scoped else ""
        body: dict[str, Any] = {
            "@odata.context": f"{request.service_root}/$metadata#{context}{entity.entity_set}"
        }
        if opts.count:
            body["@odata.count"] = page.count
        body["value"] = page.rows
        headers = {}
        if page.next_skiptoken is not None:
            # The token continues after the last row, so `$skip` is spent, and `$top`
            # counts what is left of it.
            params = {k: v for k, v in request.params.items() if k not in ("$skip", "$top")}
            if page.next_top is not None:
                params["$top"] = str(page.next_top)
            params["$skiptoken"] = page.next_skiptoken
            body["@odata.nextLink"] = (
                f"{request.service_root}/{request.api_path.strip('/')}?{urlencode(params)}"
            )
        if "odata.maxpagesize" in request.headers.get("prefer", ""):
            headers["Preference-Applied"] = f"odata.maxpagesize={page_size}"
        return ApiResponse(200, orjson.dumps(body), headers=headers)

    def _navigated(self, target: Target) -> Record | None:
        """The record a single-valued navigation reaches, as a GET by key reads it (a
        document's PDF is printed, not stored)."""
        assert target.navigation_of is not None
        source, source_id, name = target.navigation_of
        parent = self._store.get(target.scope, source.ref, source_id)
        nav = source.nav(name)
        assert nav is not None  # resolved from this name
        if parent is None:
            return None
        related_id = str(parent.row[nav.local_key])
        return rules_for(target.entity).fetched(
            self._store, target.scope, target.entity, related_id
        )

    def _collection_records(self, target: Target, opts: QueryOptions) -> list[Record]:
        entity = target.entity
        scope = target.scope if entity.company_scoped else target.scope.root()
        if target.parent_id is not None and target.parent_field is not None:
            key = target.parent_field
            records = self._store.records(scope, entity.ref)
            return [r for r in records if str(r.row[key]).lower() == target.parent_id]
        return rules_for(entity).listed(self._store, scope, entity, opts)

    def _lookup(self, target: Target) -> Record:
        assert target.record_id is not None
        entity = target.entity
        scope = target.scope if entity.company_scoped else target.scope.root()
        if target.parent_field is not None and target.parent_id is not None:
            record = find_under(
                self._store,
                scope,
                entity,
                target.record_id,
                target.parent_field,
                target.parent_id,
            )
        else:
            record = rules_for(entity).fetched(self._store, scope, entity, target.record_id)
        if record is None:
            raise not_found(entity, target.record_id)
        return record

    def _single(
        self, request: ApiRequest, target: Target, record: Record, opts: QueryOptions
    ) -> ApiResponse:
        entity = target.entity
        if target.count:
            raise not_found_segment("$count")
        body = {
            "@odata.context": f"{request.service_root}/$metadata#{target.parent_path}"
            f"{entity.entity_set}/$entity",
            **self._reader.shape_one(target.scope, entity, record, opts),
        }
        headers = {"ETag": record.etag} if entity.etag else {}
        return ApiResponse(200, orjson.dumps(body), headers=headers)

    def _page_size(self, request: ApiRequest) -> int:
        for part in request.headers.get("prefer", "").split(","):
            name, _, value = part.strip().partition("=")
            if name.strip().lower() == "odata.maxpagesize":
                try:
                    return max(1, min(int(value.strip()), self._max_page_size))
                except ValueError:
                    raise bad_request(f"Invalid odata.maxpagesize '{value}'.") from None
        return self._max_page_size

    # -- writes --------------------------------------------------------------

    def _post(self, request: ApiRequest, target: Target) -> ApiResponse:
        entity = target.entity
        if target.record_id is not None or target.navigation_of is not None or target.count:
            raise method_not_allowed("POST", entity.entity_set, "Entity")
        if not entity.company_scoped:
            raise method_not_allowed("POST", entity.entity_set, "Collection")
        record = self._writer.create(
            target.scope,
            entity,
            _json_body(request),
            user_id=request.user_id,
            parent_id=target.parent_id,
            parent=target.parent_entity,
        )
        location = (
            f"{request.service_root}/{target.parent_path}{entity.entity_set}({record.row['id']})"
        )
        prefer = request.headers.get("prefer", "").lower()
        if "return=minimal" in prefer or "return-no-content" in prefer:
            return ApiResponse(
                204, media_type=None, headers={"Location": location, "ETag": record.etag}
            )
        response = self._single(
            request, dataclasses.replace(target, count=False), record, QueryOptions()
        )
        response.status = 201
        response.headers["Location"] = location
        return response

    def _patch(self, request: ApiRequest, target: Target) -> ApiResponse:
        entity = target.entity
        if target.record_id is None:
            raise method_not_allowed("PATCH", entity.entity_set, "Collection")
        if not entity.company_scoped:
            raise method_not_allowed("PATCH", entity.entity_set)
        self._lookup(target)
        record = self._writer.update(
            target.scope,
            entity,
            target.record_id,
            _json_body(request),
            request.headers.get("if-match"),
            user_id=request.user_id,
            parent_id=target.parent_id,
        )
        # BC answers a PATCH with the whole entity, even with `Prefer: return=minimal`.
        return self._single(request, target, record, QueryOptions())

    def _delete(self, request: ApiRequest, target: Target) -> ApiResponse:
        entity = target.entity
        if target.record_id is None:
            raise method_not_allowed("DELETE", entity.entity_set, "Collection")
        if not entity.company_scoped:
            raise method_not_allowed("DELETE", entity.entity_set)
        self._lookup(target)
        self._writer.delete(
            target.scope,
            entity,
            target.record_id,
            request.headers.get("if-match"),
            user_id=request.user_id,
            parent_id=target.parent_id,
        )
        return ApiResponse(204, media_type=None)

    # -- streams -------------------------------------------------------------

    def _stream(self, request: ApiRequest, target: Target, name: str) -> ApiResponse:
        """A record's binary content: raw bytes read with GET, written with PATCH (BC's
        If-Match is required; `*` matches any version). It is never in the JSON."""
        entity = target.entity
        if request.method == "GET":
            record = self._navigated(target) if target.navigation_of else self._lookup(target)
            if record is None:
                raise not_found_segment(name)
            content = stream_bytes(record.row, name)
            if not content:
                return ApiResponse(204, media_type=None)
            return ApiResponse(200, content, "application/octet-stream")
        if request.method not in ("PATCH", "PUT"):
            raise method_not_allowed(request.method, name)
        if target.navigation_of is not None or target.record_id is None:
            raise method_not_allowed(request.method, name)
        self._lookup(target)
        self._writer.write_stream(
            target.scope,
            entity,
            target.record_id,
            name,
            request.body,
            request.headers.get("if-match"),
            user_id=request.user_id,
        )
        return ApiResponse(204, media_type=None)

    def _action(self, request: ApiRequest, target: Target) -> ApiResponse:
        assert target.record_id is not None and target.action is not None
        self._lookup(target)
        result = self._writer.action(
            target.scope,
            target.entity,
            target.record_id,
            target.action,
            request.headers.get("if-match"),
            user_id=request.user_id,
        )
        bound = target.entity.action(target.action)
        if result is None or bound is None or bound.result is None:
            return ApiResponse(204, media_type=None)
        # BC's WebServiceActionContext names the record the action left (SetObjectId,
        # AddEntityKey); the sandbox answers with its location.
        location = f"{request.service_root}/{target.parent_path}{bound.result}({result})"
        return ApiResponse(204, media_type=None, headers={"Location": location})


def _only(request: ApiRequest, method: str, what: str) -> None:
    if request.method != method:
        raise method_not_allowed(request.method, what)


def _json_body_typed(request: ApiRequest) -> None:
    """BC reads the body of a POST or PATCH as JSON only when the request says it is
    (`Content-Type: application/json`, parameters allowed); a bound action's POST and a
    stream's PATCH read no JSON and are not checked."""
    if request.method not in ("POST", "PATCH"):
        return
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise unsupported_media_type(content_type)


def _json_body(request: ApiRequest) -> Any:
    """The JSON body of a record write, which BC reads only when it says it is JSON."""
    _json_body_typed(request)
    raw = request.body
    if not raw.strip():
        raise bad_request("Invalid Request Body: the body is empty.")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise bad_request("Invalid Request Body") from None
