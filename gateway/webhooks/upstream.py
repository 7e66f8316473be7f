"""The owner's Business Central, as the webhook side reaches it: a session per job (the
gateway's one way to read BC, gateway/bc/session.py), and BC's subscriptions API (§7 of
the BC reference).

Every call uses the token of the connection that owns the topic: BC subscriptions
belong to that user, and records are read with that user's permissions.
"""

from __future__ import annotations

from gateway.bc import urls
from gateway.bc.session import BCSession, Row, Sessions
from gateway.bc.types import BCRequest
from gateway.errors import BadUserInput, Conflict, Forbidden, NotFound

SUBSCRIPTIONS = "subscriptions"
# BC's limit per environment (on-premises: ApiSubscriptionMaxNumberOfSubscriptions).
MAX_SUBSCRIPTIONS = 200


def limit_reached(limit: int = MAX_SUBSCRIPTIONS) -> Forbidden:
    return Forbidden(
        f"Business Central allows at most {limit} webhook subscriptions per environment "
        "and this environment has no room left, so live events cannot start. Delete "
        "subscriptions other applications no longer need, or wait for them to expire.",
        reason="webhook_subscription_limit",
        limit=limit,
    )


class Upstream:
    def __init__(self, sessions: Sessions) -> None:
        self.sessions = sessions

    async def session(self, user_id: str) -> BCSession:
        """The user's BC for one job (close it, or use it with `async with`); NotConnected
        when the user has no usable connection any more."""
        return await self.sessions.open(user_id)

    # -- BC's webhook subscriptions ------------------------------------------------------

    async def subscriptions(self, bc: BCSession) -> list[Row]:
        rows, _count = await bc.rows(SUBSCRIPTIONS, {})
        return rows

    async def subscription(self, bc: BCSession, subscription_id: str) -> Row | None:
        try:
            answer = await bc.send(
                BCRequest("GET", str(urls.root_set(SUBSCRIPTIONS, subscription_id)))
            )
        except NotFound:
            return None
        return dict(answer.body)

    async def subscribe(
        self, bc: BCSession, *, notification_url: str, resource: str, client_state: str
    ) -> Row:
        body = {"notificationUrl": notification_url, "resource": resource}
        body["clientState"] = client_state
        try:
            answer = await bc.send(BCRequest("POST", SUBSCRIPTIONS, body=body))
        except BadUserInput as error:
            # BC's wording for a full environment is unconfirmed; the sandbox says this.
            if "maximum number of subscriptions" in error.message.lower():
                raise limit_reached() from error
            raise
        return dict(answer.body)

    async def renew(
        self, bc: BCSession, subscription_id: str, etag: str, *, notification_url: str
    ) -> Row | None:
        """The renewed subscription, or None when BC no longer has it."""
        path = str(urls.root_set(SUBSCRIPTIONS, subscription_id))
        body = {"notificationUrl": notification_url}
        try:
            return await self._patch(bc, path, body, etag or "*")
        except Conflict:
            # Our etag is stale (renewed by a replica whose answer we never stored):
            # the subscription is ours either way, so renew it unconditionally.
            return await self._patch(bc, path, body, "*")

    async def _patch(
        self, bc: BCSession, path: str, body: dict[str, str], if_match: str
    ) -> Row | None:
        request = BCRequest("PATCH", path, body=body, headers={"If-Match": if_match})
        try:
            return dict((await bc.send(request)).body)
        except NotFound:
            return None

    async def unsubscribe(self, bc: BCSession, subscription_id: str) -> None:
        path = str(urls.root_set(SUBSCRIPTIONS, subscription_id))
        try:
            await bc.send(BCRequest("DELETE", path, headers={"If-Match": "*"}))
        except NotFound:
            pass  # gone already (expired, or deleted by BC): what we wanted
