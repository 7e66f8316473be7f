"""`{root}/subscriptions` and `{root}/subscriptions('{id}')`: create, list, read, renew, delete.

Error codes and messages for refusals BC's docs don't spell out (bad resource,
unsupported entity set, too many subscriptions, failed handshake) are the
sandbox's own, in BC's `{"error": {"code", "message"}}` shape.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

import orjson

from bcmodel import Registry as Entities
from bcmodel.subscriptions import SUBSCRIPTION
from sandbox.api import ApiRequest, ApiResponse
from sandbox.errors import ODataError, bad_request, method_not_allowed, record_not_found
from sandbox.paths import Segment, string_key
from sandbox.settings import WebhookSettings
from sandbox.store import Record, Scope, Store
from sandbox.values import body_fields
from sandbox.webhooks.handshake import Handshake
from sandbox.webhooks.model import (
    SUBSCRIPTIONS,
    Target,
    entity_json,
    new_row,
    parse_resource,
    renewed_row,
    target_of,
)
from sandbox.webhooks.registry import Registry
from sandbox.writing import check_etag


def handshake_failed() -> ODataError:
    # BC's status and wording for a failed handshake are unconfirmed; 400 says
    # "fix your receiver", which is what the client has to do.
    return bad_request("The subscription handshake with the notification URL failed.")


class SubscriptionResource:
    def __init__(
        self,
        store: Store,
        registry: Registry,
        handshake: Handshake,
        settings: WebhookSettings,
        entities: Entities,
    ) -> None:
        self._entities = entities
        self._store = store
        self._registry = registry
        self._handshake = handshake
        self._settings = settings

    async def handle(self, request: ApiRequest, segment: Segment) -> ApiResponse:
        if segment.key is None:
            if request.method == "GET":
                return self._list(request)
            if request.method == "POST":
                return await self._create(request)
            raise method_not_allowed(request.method, SUBSCRIPTIONS, "Collection")
        subscription_id = string_key(segment)
        if request.method == "GET":
            record = self._existing(request.scope, subscription_id)
            return self._single(request, 200, record)
        if request.method == "PATCH":
            return await self._renew(request, subscription_id)
        if request.method == "DELETE":
            return self._delete(request, subscription_id)
        raise method_not_allowed(request.method, SUBSCRIPTIONS)

    # -- reads ---------------------------------------------------------------

    def _list(self, request: ApiRequest) -> ApiResponse:
        body = {
            "@odata.context": f"{request.service_root}/$metadata#{SUBSCRIPTIONS}",
            "value": [entity_json(r) for r in self._registry.live(request.scope)],
        }
        return ApiResponse(200, orjson.dumps(body))

    def _existing(self, root: Scope, subscription_id: str) -> Record:
        record = self._registry.get(root, subscription_id)
        if record is None:
            raise record_not_found(SUBSCRIPTION.title, subscription_id)
        return record

    def _single(self, request: ApiRequest, status: int, record: Record) -> ApiResponse:
        body = {
            "@odata.context": f"{request.service_root}/$metadata#{SUBSCRIPTIONS}/$entity",
            **entity_json(record),
        }
        return ApiResponse(status, orjson.dumps(body), headers={"ETag": record.etag})

    # -- writes --------------------------------------------------------------

    async def _create(self, request: ApiRequest) -> ApiResponse:
        values = body_fields(SUBSCRIPTION, _body(request), creating=True)
        url = _notification_url(values.get("notificationUrl"))
        resource = values.get("resource")
        if not resource:
            raise bad_request("The resource of the subscription must be specified.")
        target = self._target(request.scope, resource)
        client_state = str(values.get("clientState", ""))
        self._check_room(request.scope)
        if not await self._handshake.confirm(url):
            raise handshake_failed()
        # Checked again: other subscriptions may have been made during the handshake.
        self._check_room(request.scope)
        now = self._registry.clock()
        row = new_row(
            notification_url=url,
            resource=resource,
            target=target,
            client_state=client_state,
            user_id=request.user_id,
            now=now,
            expires_at=now + self._settings.expiry_seconds,
        )
        record = self._registry.insert(request.scope, row)
        response = self._single(request, 201, record)
        response.headers["Location"] = (
            f"{request.service_root}/{SUBSCRIPTIONS}('{row['subscriptionId']}')"
        )
        return response

    async def _renew(self, request: ApiRequest, subscription_id: str) -> ApiResponse:
        """PATCH renews: a new expiry, after a new handshake (BC repeats it on renewal)."""
        record = self._existing(request.scope, subscription_id)
        if_match = request.headers.get("if-match")
        check_etag(record, if_match, required=True)
        values = body_fields(SUBSCRIPTION, _body(request), creating=False)
        if "resource" in values and self._target(request.scope, values["resource"]) != target_of(
            record.row
        ):
            # Unconfirmed in BC; changing what a subscription watches is a new subscription.
            raise bad_request(
                "The resource of a subscription cannot be changed. "
                "Delete the subscription and create a new one."
            )
        url = _notification_url(values.get("notificationUrl", record.row["notificationUrl"]))
        if not await self._handshake.confirm(url):
            raise handshake_failed()
        # The record may have changed or gone during the handshake.
        record = self._existing(request.scope, subscription_id)
        check_etag(record, if_match, required=True)
        now = self._registry.clock()
        row = renewed_row(
            record.row,
            notification_url=url,
            client_state=str(values.get("clientState", record.row["clientState"])),
            user_id=request.user_id,
            now=now,
            expires_at=now + self._settings.expiry_seconds,
        )
        return self._single(request, 200, self._registry.replace(request.scope, row))

    def _delete(self, request: ApiRequest, subscription_id: str) -> ApiResponse:
        record = self._existing(request.scope, subscription_id)
        # BC's docs list If-Match as required on DELETE subscriptions, and users report
        # that a DELETE without it does not delete (dynamics365smb-devitpro-pb#1926).
        check_etag(record, request.headers.get("if-match"), required=True)
        self._registry.delete(request.scope, subscription_id)
        return ApiResponse(204, media_type=None)

    # -- checks --------------------------------------------------------------

    def _target(self, root: Scope, resource: str) -> Target:
        parsed = parse_resource(resource)
        if parsed is None:
            raise bad_request(
                f"The resource '{resource}' is not valid for a subscription. "
                "Use /api/v2.0/companies({companyId})/{entitySet}."
            )
        company_key, ref = parsed
        try:
            company_id = str(uuid.UUID(company_key))
        except ValueError:
            raise bad_request(
                f"Invalid format of GUID string: '{company_key}'.", code="Application_InvalidGUID"
            ) from None
        if self._store.get(root, self._entities.companies.ref, company_id) is None:
            raise bad_request(f"The company '{company_id}' does not exist.")
        entity = self._entities.by_ref(ref)
        entity_set = ref.rsplit("/", 1)[-1]
        if entity is None or not entity.company_scoped:
            raise bad_request(f"The resource '{entity_set}' does not exist.")
        if not entity.webhooks:
            raise bad_request(
                f"Webhook subscriptions are not supported for the entity set '{entity_set}'."
            )
        return Target(company_id, ref)

    def _check_room(self, root: Scope) -> None:
        limit = self._settings.max_subscriptions
        if len(self._registry.live(root)) >= limit:
            # BC's answer is unconfirmed. 400 rather than 403: nothing is wrong with the
            # caller's permissions, and a client must not retry until one is deleted.
            raise bad_request(
                f"The maximum number of subscriptions ({limit}) for this environment has "
                "been reached. Delete subscriptions you no longer need or let them expire."
            )


def _body(request: ApiRequest) -> dict[str, Any]:
    if not request.body.strip():
        raise bad_request("Invalid Request Body: the body is empty.")
    try:
        body = orjson.loads(request.body)
    except orjson.JSONDecodeError:
        raise bad_request("Invalid Request Body") from None
    if not isinstance(body, dict):
        raise bad_request("Invalid Request Body")
    return body


def _notification_url(value: Any) -> str:
    if not value:
        raise bad_request("The notification URL of the subscription must be specified.")
    parts = urlsplit(str(value))
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise bad_request(
            f"The notification URL '{value}' is not valid: it must be an absolute http or "
            "https URL."
        )
    return str(value)
