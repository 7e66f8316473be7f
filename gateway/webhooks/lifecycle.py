"""One watch's life with BC: created, renewed before it expires, checked for having been
deleted by BC (then re-created, and the missed window read back), deleted when done.

A BC subscription lives three days from its creation or last renewal; it is renewed
once half of that has passed, so a failed renewal has a day and a half to succeed.
BC deletes a subscription on its own after repeated failed deliveries; a regular check
(and a gateway resuming a durable registry's watches: `resume`) finds that out, and the
re-created one first catches up with a `lastModifiedDateTime` query from the watermark
(the last change that did arrive). What such a query finds is
CREATED or UPDATED as the watch's known ids say, and the ids gone are DELETED (idsets.py).
Notifications lost while the subscription lives on are found by reconciliation
(maintenance.py), which starts from the subscription's creation.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import secrets
import time
from collections.abc import Callable

from gateway.bc.session import BCSession, Row
from gateway.errors import BadUserInput, GatewayError, NotConnected
from gateway.webhooks.config import WebhookConfig
from gateway.webhooks.model import Topic, Watch, epoch, parse_resource
from gateway.webhooks.polling import Poller
from gateway.webhooks.processor import Processor
from gateway.webhooks.registry import Registry
from gateway.webhooks.upstream import MAX_SUBSCRIPTIONS, Upstream, limit_reached

logger = logging.getLogger(__name__)


class NoPublicUrl(GatewayError):
    """Without a public URL, BC has nowhere to send notifications."""


# BC's wording for a failed handshake is unconfirmed; the sandbox says "The subscription
# handshake with the notification URL failed." Any refusal naming the URL or the handshake
# is about the gateway's URL, a server setting.
_URL_WORDS = ("notification", "handshake", "validationtoken")


def _about_notification_url(message: str) -> bool:
    return any(word in message.lower() for word in _URL_WORDS)


class WebhookUrlRefused(GatewayError):
    """BC would not subscribe the gateway's notification URL: its validation request
    did not reach the gateway, or was not answered. The URL comes from the server's
    settings (BCGRAPH_PUBLIC_URL), not from the client, so this is the server's error
    (INTERNAL_SERVER_ERROR with a reason), never BAD_USER_INPUT."""


class Lifecycle:
    def __init__(
        self,
        upstream: Upstream,
        registry: Registry,
        processor: Processor,
        poller: Poller,
        config: WebhookConfig,
        *,
        notification_url: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._upstream = upstream
        self._registry = registry
        self._processor = processor
        self._poller = poller
        self._config = config
        self._url = notification_url
        self._clock = clock

    async def create(self, topic: Topic, *, previous: Watch | None = None) -> Watch:
        """A new watch for `topic` (a re-creation keeps the previous one's watermark)."""
        now = self._clock()
        if topic.polled(self._processor.entities):
            watch = Watch(
                topic,
                renewed_at=now,
                expires_at=math.inf,
                watermark=now,
                checked_at=now,
                next_poll_at=now + self._config.poll_interval_seconds,
            )
            await self._registry.save(watch)
            await self._poller.baseline(watch)
            return watch
        if not self._url:
            raise NoPublicUrl(
                "Live events need the gateway's public URL (BCGRAPH_PUBLIC_URL) so that "
                "Business Central can deliver webhooks to it."
            )
        entities = self._processor.entities
        parent = entities.by_ref(topic.entity_set)
        # Taken before BC's subscription: a record created after this is notified, or found
        # by reconciliation (from the subscription's creation), and is new to the set.
        ids = None
        if previous is None and parent is not None:
            ids = await self._processor.scan_ids(topic, parent)
        client_state = secrets.token_urlsafe(32)
        async with await self._upstream.session(topic.user_id) as bc:
            made = await self._subscribe(bc, topic, client_state)
        # BC's clock, not ours: the watermark is compared with BC's lastModifiedDateTime.
        created = epoch(made.get("systemCreatedAt") or made.get("lastModifiedDateTime")) or now
        watch = Watch(
            topic,
            subscription_id=str(made["subscriptionId"]),
            client_state=client_state,
            etag=str(made.get("@odata.etag", "")),
            notification_url=self._url,
            renewed_at=now,
            expires_at=self._expiry(made, now),
            watermark=previous.watermark if previous is not None else created,
            reconciled=previous.reconciled if previous is not None else created,
            next_reconcile_at=now + self._config.reconcile_seconds,
            checked_at=now,
        )
        await self._registry.save(watch)
        if previous is None and parent is not None:
            if topic.children(entities):
                await self._processor.baseline_children(watch, parent)
            # Last: a watch whose id set is there is ready in every part.
            await self._registry.store_ids(topic, ids)
        return watch

    async def _subscribe(self, bc: BCSession, topic: Topic, client_state: str) -> Row:
        """BC's new webhook subscription for `topic`, once there is room for it."""
        await self._make_room(bc, topic)
        try:
            return await self._upstream.subscribe(
                bc,
                notification_url=self._url,
                resource=topic.resource,
                client_state=client_state,
            )
        except BadUserInput as error:
            if not _about_notification_url(error.message):
                raise  # the resource: a company the user cannot see, say
            logger.error(
                "Business Central refused the webhook URL %s (%s): set BCGRAPH_PUBLIC_URL "
                "to an address Business Central can reach",
                self._url,
                error.message,
            )
            raise WebhookUrlRefused(
                "Live events are unavailable: Business Central could not deliver to this "
                "gateway's webhook URL. The gateway's operator must set BCGRAPH_PUBLIC_URL "
                "to an address Business Central can reach.",
                reason="webhook_url_refused",
            ) from error

    async def _make_room(self, bc: BCSession, topic: Topic) -> None:
        """Deletes this topic's subscriptions that no watch knows (left by a process that
        died, or a registry that was lost), then checks BC's limit before asking."""
        existing = await self._upstream.subscriptions(bc)
        live = 0
        for sub in existing:
            parsed = parse_resource(str(sub.get("resource", "")))
            ours = (
                sub.get("notificationUrl") == self._url
                and parsed is not None
                and (parsed.company_id, parsed.entity_set) == (topic.company_id, topic.entity_set)
            )
            sub_id = str(sub.get("subscriptionId", ""))
            if ours and sub_id and await self._registry.find(sub_id) is None:
                logger.info("deleting a stale BC subscription for %s", topic.entity_set)
                await self._upstream.unsubscribe(bc, sub_id)
            else:
                live += 1
        if live >= MAX_SUBSCRIPTIONS:
            raise limit_reached()

    async def renew(self, watch: Watch) -> None:
        async with await self._upstream.session(watch.topic.user_id) as bc:
            renewed = await self._upstream.renew(
                bc, watch.subscription_id, watch.etag, notification_url=self._url
            )
        if renewed is None:
            await self.recreate(watch)
            return
        now = self._clock()
        await self._registry.save(
            dataclasses.replace(
                watch,
                etag=str(renewed.get("@odata.etag", watch.etag)),
                notification_url=self._url,
                renewed_at=now,
                expires_at=self._expiry(renewed, now),
            )
        )
        await self._registry.mark(watch.topic, "checked_at", now)

    async def check(self, watch: Watch) -> None:
        async with await self._upstream.session(watch.topic.user_id) as bc:
            found = await self._upstream.subscription(bc, watch.subscription_id)
        if found is None:
            await self.recreate(watch)
        else:
            await self._registry.mark(watch.topic, "checked_at", self._clock())

    async def resume(self, watch: Watch) -> None:
        """A watch the last gateway left (a durable registry): its BC subscription is
        checked (re-created when gone), and what changed while no gateway ran is read from
        the watermark and published, as a re-created subscription's catch-up does."""
        if watch.topic.polled(self._processor.entities):
            return  # polled from its snapshots once someone listens (maintenance.py)
        async with await self._upstream.session(watch.topic.user_id) as bc:
            found = await self._upstream.subscription(bc, watch.subscription_id)
        if found is None:
            await self.recreate(watch)
            return
        await self._registry.mark(watch.topic, "checked_at", self._clock())
        await self._processor.catch_up(watch)

    async def recreate(self, watch: Watch) -> None:
        logger.info(
            "BC no longer has the subscription for %s: re-creating it", watch.topic.entity_set
        )
        fresh = await self.create(watch.topic, previous=watch)
        await self._processor.catch_up(fresh)

    async def retire(self, watch: Watch) -> None:
        """Deletes the BC subscription (if any) and forgets the watch."""
        if watch.subscription_id:
            try:
                async with await self._upstream.session(watch.topic.user_id) as bc:
                    await self._upstream.unsubscribe(bc, watch.subscription_id)
            except NotConnected:
                # No token to delete it with: it fails its deliveries and expires at BC.
                logger.info("a BC subscription of a disconnected user is left to expire")
        await self._registry.remove(watch.topic)

    def _expiry(self, answer: dict[str, object], now: float) -> float:
        # BC's expirationDateTime is on BC's clock; what matters here is how long it lasts,
        # measured from our now (BC: three days).
        expires = epoch(answer.get("expirationDateTime"))
        created = epoch(answer.get("lastModifiedDateTime") or answer.get("systemModifiedAt"))
        if expires and created and expires > created:
            return now + (expires - created)
        return now + 3 * 24 * 3600.0
