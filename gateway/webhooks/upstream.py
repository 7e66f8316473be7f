"""The owner's Business Central, as the webhook side reaches it: a target per connection,
collections read to the end, and BC's subscriptions API (§7 of the BC reference).

Every call uses the token of the connection that owns the topic: BC subscriptions
belong to that user, and records are read with that user's permissions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from gateway.bc import urls
from gateway.bc.client import BCClient
from gateway.bc.types import BCRequest, BCResponse, BCTarget
from gateway.errors import BadUserInput, Conflict, Forbidden, NotFound, UpstreamError
from gateway.oauth.tokens import TokenManager

Send = Callable[[BCRequest], Awaitable[BCResponse]]
Row = dict[str, Any]

SUBSCRIPTIONS = "subscriptions"
# BC's limit per environment (on-premises: ApiSubscriptionMaxNumberOfSubscriptions).
MAX_SUBSCRIPTIONS = 200
# A page BC might keep sending (a runaway nextLink) is cut here; BC's page limit is 20,000.
MAX_ROWS = 100_000


def limit_reached(limit: int = MAX_SUBSCRIPTIONS) -> Forbidden:
    return Forbidden(
        f"Business Central allows at most {limit} webhook subscriptions per environment "
        "and this environment has no room left, so live events cannot start. Delete "
        "subscriptions other applications no longer need, or wait for them to expire.",
        reason="webhook_subscription_limit",
        limit=limit,
    )


class Upstream:
    def __init__(self, client: BCClient, tokens: TokenManager) -> None:
        self.client = client
        self._tokens = tokens

    async def target(self, user_id: str) -> BCTarget:
        """NotConnected when the user has no usable connection any more."""
        connection = await self._tokens.connection(user_id)
        tokens = self._tokens

        async def access_token() -> str:
            return await tokens.access_token(user_id)

        return BCTarget(key=user_id, api_root=connection.api_root, access_token=access_token)

    async def rows(
        self, send: Send, target: BCTarget, path: str, params: dict[str, str]
    ) -> list[Row]:
        """Every row of a collection, following BC's nextLinks (only under the API root)."""
        body = (await send(BCRequest("GET", path, params))).body
        rows: list[Row] = list(body.get("value", []))
        link = body.get("@odata.nextLink")
        while link and len(rows) < MAX_ROWS:
            try:
                next_path, next_params = urls.split_next_link(target.api_root, link)
            except ValueError:
                raise UpstreamError("BC returned a nextLink outside its API root.") from None
            body = (await send(BCRequest("GET", next_path, next_params))).body
            rows.extend(body.get("value", []))
            link = body.get("@odata.nextLink")
        return rows

    # -- BC's webhook subscriptions ------------------------------------------------------

    async def subscriptions(self, target: BCTarget) -> list[Row]:
        return await self.rows(self._send(target), target, SUBSCRIPTIONS, {})

    async def subscription(self, target: BCTarget, subscription_id: str) -> Row | None:
        try:
            answer = await self.client.send(
                target, BCRequest("GET", str(urls.root_set(SUBSCRIPTIONS, subscription_id)))
            )
        except NotFound:
            return None
        return dict(answer.body)

    async def subscribe(
        self, target: BCTarget, *, notification_url: str, resource: str, client_state: str
    ) -> Row:
        body = {"notificationUrl": notification_url, "resource": resource}
        body["clientState"] = client_state
        try:
            answer = await self.client.send(target, BCRequest("POST", SUBSCRIPTIONS, body=body))
        except BadUserInput as error:
            # BC's wording for a full environment is unconfirmed; the sandbox says this.
            if "maximum number of subscriptions" in error.message.lower():
                raise limit_reached() from error
            raise
        return dict(answer.body)

    async def renew(
        self, target: BCTarget, subscription_id: str, etag: str, *, notification_url: str
    ) -> Row | None:
        """The renewed subscription, or None when BC no longer has it."""
        path = str(urls.root_set(SUBSCRIPTIONS, subscription_id))
        body = {"notificationUrl": notification_url}
        try:
            return await self._patch(target, path, body, etag or "*")
        except Conflict:
            # Our etag is stale (renewed by a replica whose answer we never stored):
            # the subscription is ours either way, so renew it unconditionally.
            return await self._patch(target, path, body, "*")

    async def _patch(
        self, target: BCTarget, path: str, body: dict[str, str], if_match: str
    ) -> Row | None:
        request = BCRequest("PATCH", path, body=body, headers={"If-Match": if_match})
        try:
            return dict((await self.client.send(target, request)).body)
        except NotFound:
            return None

    async def unsubscribe(self, target: BCTarget, subscription_id: str) -> None:
        path = str(urls.root_set(SUBSCRIPTIONS, subscription_id))
        try:
            await self.client.send(target, BCRequest("DELETE", path, headers={"If-Match": "*"}))
        except NotFound:
            pass  # gone already (expired, or deleted by BC): what we wanted

    def _send(self, target: BCTarget) -> Send:
        async def send(request: BCRequest) -> BCResponse:
            return await self.client.send(target, request)

        return send
