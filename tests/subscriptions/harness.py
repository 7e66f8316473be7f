"""The whole product in this process, wired for live events: a seeded sandbox whose
webhooks are delivered into the gateway in-process (as dev mode does), one gateway (or
several replicas sharing Redis), users connected through the real OAuth flow.

Writes to "BC" go to the sandbox's API as the connected user (tests.conftest.BC), or
straight into its store where BC changes data the API cannot (accounts).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.types import ASGIApp

import bcmodel
from bcmodel.custom_apis import CustomApi
from gateway.app import Runtime
from gateway.connections import ConnectionStoreConfig, generate_key
from gateway.graphql import GraphQLApp
from gateway.limits import LimitsConfig
from gateway.pubsub import PubSubConfig
from gateway.webhooks import WebhookConfig, Webhooks
from sandbox.app import Sandbox, create_sandbox
from sandbox.settings import LimitSettings, WebhookSettings
from tests.conftest import ALICE, BC, CAROL, connect, sandbox_settings
from tests.gateway.connect.services import REDIS_URL, drop_redis_namespace, require_redis
from tests.gateway.stack import Stack, running_stack
from tests.subscriptions.wsclient import TRANSPORT_WS, Socket, socket

ALICE_ID, CAROL_ID = "u-alice", "u-carol"

# Every entity, and every field a test looks at, in one subscription document.
EVENTS = """subscription($entities: [EntityKind!], $changes: [ChangeType!], $company: UUID) {
  recordChanged(entities: $entities, changeTypes: $changes, companyId: $company) {
    entity changeType id recordId companyId occurredAt
    record {
      __typename
      ... on Vendor { displayName etag paymentTerm { code } }
      ... on PurchaseInvoice { number vendorInvoiceNumber lines { nodes { id description } } }
      ... on PurchaseInvoiceLine { description quantity documentId }
      ... on Account { number displayName }
      ... on TaxGroup { code displayName }
      ... on PaymentTerm { code displayName }
    }
  }
}"""


def fast_webhooks(**overrides: Any) -> WebhookConfig:
    """Seconds where production has minutes. The sandbox here delivers at once, so a lag
    of 1 s still leaves every notification time to arrive before reconciliation looks
    (one that came later would turn a CREATED into UPDATED), and a lost one is found
    within about 1.3 s."""
    values: dict[str, Any] = {
        "poll_interval_seconds": 0.2,
        "idle_grace_seconds": 30.0,
        "reconcile_seconds": 0.2,
        "reconcile_lag_seconds": 1.0,
    }
    values.update(overrides)
    return WebhookConfig(**values)


class Deliveries(httpx.AsyncBaseTransport):
    """How the sandbox reaches the gateway's /webhooks/bc: in-process, to the first
    replica still up (a load balancer in front of replicas), keeping every
    notification body it carried so a test can replay one."""

    def __init__(self) -> None:
        self.replicas: list[ASGIApp] = []
        self.bodies: list[bytes] = []
        # While paused, notification POSTs are answered 202 and kept here, for a test to
        # deliver (parts of) them itself with deliver().
        self.paused = False
        self.held: list[tuple[httpx.URL, bytes]] = []
        self._transports: dict[int, httpx.ASGITransport] = {}

    async def deliver(self, url: httpx.URL, body: bytes) -> httpx.Response:
        request = httpx.Request(
            "POST", url, content=body, headers={"Content-Type": "application/json"}
        )
        return await self.handle_async_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        if "validationToken" not in request.url.params:
            if self.paused:
                self.held.append((request.url, body))
                return httpx.Response(202)
            self.bodies.append(body)
        if not self.replicas:
            raise httpx.ConnectError("no replica is up", request=request)
        app = self.replicas[0]
        transport = self._transports.setdefault(id(app), httpx.ASGITransport(app=app))
        return await transport.handle_async_request(request)


@dataclass
class Live:
    sandbox_app: Starlette
    deliveries: Deliveries
    replicas: list[Stack] = field(default_factory=list)
    bc: dict[str, BC] = field(default_factory=dict)
    _running: list[contextlib.AsyncExitStack] = field(default_factory=list)

    async def stop(self, replica: int) -> None:
        """Shuts one replica down (its lifespan ends); BC's webhooks go to the others."""
        gone = self.replicas[replica].gateway
        self.deliveries.replicas = [app for app in self.deliveries.replicas if app is not gone]
        await self._running[replica].aclose()

    @property
    def sandbox(self) -> Sandbox:
        sandbox: Sandbox = self.sandbox_app.state.sandbox
        return sandbox

    @property
    def stack(self) -> Stack:
        return self.replicas[0]

    def runtime(self, replica: int = 0) -> Runtime:
        runtime: Runtime = self.replicas[replica].gateway.state.runtime
        return runtime

    def graphql(self, replica: int = 0) -> GraphQLApp:
        """The replica's GraphQL app (for its shared subscriptions)."""
        routes = self.replicas[replica].gateway.routes
        app = next(r.endpoint for r in routes if isinstance(r, WebSocketRoute))
        assert isinstance(app, GraphQLApp)
        return app

    def webhooks(self, replica: int = 0) -> Webhooks:
        return self.runtime(replica).webhooks

    def auth(self, user_id: str) -> dict[str, str]:
        return {"authorization": f"Bearer {self.stack.token(user_id)}"}

    @contextlib.asynccontextmanager
    async def socket(
        self, user_id: str = ALICE_ID, protocol: str = TRANSPORT_WS, replica: int = 0
    ) -> AsyncIterator[Socket]:
        async with socket(self.replicas[replica].gateway, protocol) as ws:
            ack = await ws.init(self.auth(user_id))
            assert ack["type"] == "connection_ack", ack
            yield ws

    async def subscribe(
        self,
        ws: Socket,
        op_id: str = "1",
        *,
        user_id: str = ALICE_ID,
        entities: Sequence[str] | None = None,
        changes: Sequence[str] | None = None,
        watches: int | None = None,
        replica: int = 0,
        document: str = EVENTS,
    ) -> None:
        """Subscribes (to `document`, which takes $entities, $changes and $company), then
        waits until the gateway watches every entity asked for (BC's handshake done), so a
        change made next cannot be missed."""
        variables = {
            "entities": entities,
            "changes": changes,
            "company": self.bc[user_id].company_id,
        }
        runtime = self.runtime(replica)
        listening = runtime.broadcast.subscriber_count
        await ws.subscribe(op_id, document, variables)
        webhooks = runtime.webhooks
        wanted = watches if watches is not None else len(_watched(entities))

        async def watched() -> bool:
            mine = [w for w in await webhooks.registry.all() if w.topic.user_id == user_id]
            return (
                runtime.broadcast.subscriber_count > listening
                and len(mine) >= wanted
                and _held(webhooks, user_id) >= wanted
            )

        await eventually(watched)

    async def events(
        self,
        ws: Socket,
        expected: set[tuple[str, str, str]],
        within: float = 5.0,
        op_id: str = "1",
    ) -> dict[tuple[str, str, str], dict[str, Any]]:
        """Reads operation `op_id`'s events until each (entity, changeType, recordId) expected has
        come; returns them (and any others it saw meanwhile)."""
        seen: dict[tuple[str, str, str], dict[str, Any]] = {}
        deadline = asyncio.get_running_loop().time() + within
        while not expected <= seen.keys():
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                missing = expected - seen.keys()
                raise AssertionError(f"never came: {missing}; came: {sorted(seen)}")
            message = await ws.next_for(op_id, left)
            assert message["type"] in ("next", "data"), message
            payload = message["payload"]
            assert "errors" not in payload, payload
            event = payload["data"]["recordChanged"]
            seen[(event["entity"], event["changeType"], event["recordId"])] = event
        return seen


def _watched(entities: Sequence[str] | None) -> set[str]:
    """The entity sets the gateway watches for these EntityKind members (all of them when
    None, as the gateway follows every watched entity of the registry): a contained
    entity is watched through its parent."""
    sets = {}
    for entity in bcmodel.ENTITIES:
        if entity.api is not None and entity.api.kind is not None:
            under = bcmodel.parent_of(entity)
            sets[entity.api.kind] = (under[0] if under else entity).entity_set
    return {sets[e] for e in (entities or sets)}


def _held(webhooks: Webhooks, user_id: str) -> int:
    return len([t for t in webhooks.interest.topics if t.user_id == user_id])


async def eventually(
    check: Callable[[], Awaitable[bool]], within: float = 5.0, interval: float = 0.02
) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the condition never held")
        await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def live(
    *,
    replicas: int = 1,
    redis: bool = False,
    webhooks: WebhookConfig | None = None,
    sandbox_webhooks: WebhookSettings | None = None,
    users: Sequence[str] = (ALICE_ID,),
    pubsub_queue: int = 256,
    limits: LimitsConfig | None = None,
    custom_apis: Sequence[CustomApi] = (),
    sandbox_limits: LimitSettings | None = None,
    settings: dict[str, Any] | None = None,
) -> AsyncIterator[Live]:
    """`settings`: more of the gateway's Settings (server limits, CORS), over these."""
    deliveries = Deliveries()
    sandbox_app = create_sandbox(
        sandbox_settings(
            webhooks=sandbox_webhooks
            or WebhookSettings(delay_seconds=0.0, retry_schedule=(0.05, 0.05, 0.05)),
            limits=sandbox_limits or LimitSettings(),
        ),
        webhook_transport=deliveries,
    )
    world = Live(sandbox_app, deliveries)
    namespace = f"t{uuid.uuid4().hex[:12]}"
    key = generate_key()
    if redis:
        await require_redis()
        store = ConnectionStoreConfig(url=REDIS_URL, encryption_keys=(key,), namespace=namespace)
        pubsub = PubSubConfig(url=REDIS_URL, queue_size=pubsub_queue)
    else:
        store = ConnectionStoreConfig(url="memory://", encryption_keys=(key,))
        pubsub = PubSubConfig(queue_size=pubsub_queue)
    values = {
        "store": store,
        "pubsub": pubsub,
        "webhooks": webhooks or fast_webhooks(),
        "limits": limits or LimitsConfig(rate_per_second=0),
        "custom_apis": tuple(custom_apis),
        **(settings or {}),
    }
    try:
        async with contextlib.AsyncExitStack() as stack:
            await stack.enter_async_context(sandbox_app.router.lifespan_context(sandbox_app))
            for _ in range(replicas):
                running = contextlib.AsyncExitStack()
                stack.push_async_callback(running.aclose)
                replica = await running.enter_async_context(running_stack(sandbox_app, **values))
                world.replicas.append(replica)
                world._running.append(running)
                deliveries.replicas.append(replica.gateway)
            logins = {ALICE_ID: ALICE, CAROL_ID: CAROL}
            for user_id in users:
                finished = await world.stack.connect(user_id, logins[user_id])
                assert finished.status_code == 200, finished.text
                client = await connect(sandbox_app, logins[user_id], _tenant(logins[user_id]))
                stack.push_async_callback(client.http.aclose)
                world.bc[user_id] = client
            yield world
    finally:
        if redis:
            await drop_redis_namespace(namespace)


def _tenant(login: str) -> str:
    from sandbox.directory import CONTOSO_TENANT, FABRIKAM_TENANT

    return CONTOSO_TENANT if login == ALICE else FABRIKAM_TENANT
