"""`bcgraph deliveries` as an operator runs it (real processes), and the settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway.delivery.queue import Item
from gateway.settings import Settings, SettingsError
from tests.delivery.queues import opened
from tests.delivery.receiver import new_secret
from tests.gateway.test_cli import run

T0 = 1_800_000_000.0


async def test_dead_letters_are_listed_and_replayed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/store.db"
    env = {"BCGRAPH_STORE_URL": url}
    body = json.dumps({"data": {"entity": "vendors", "change": "UPDATED", "id": "v1"}})
    async with opened(url, "bcgraph") as queue:
        await queue.enqueue([Item(f"evt_{n}", "u", f"r{n}", body.encode(), T0) for n in (1, 2)])
        for taken in await queue.lease(T0, T0 + 60, 10, "w"):
            await queue.dead(taken, T0 + 1, "the receiver answered 410 Gone")
    listed = run("deliveries", "dead", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    lines = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(d["id"], d["entity"], d["change"], d["recordId"]) for d in lines] == [
        ("evt_1", "vendors", "UPDATED", "v1"),
        ("evt_2", "vendors", "UPDATED", "v1"),
    ]
    assert lines[0]["error"] == "the receiver answered 410 Gone" and lines[0]["attempts"] == 1
    text = run("deliveries", "dead", env=env)
    assert "evt_1" in text.stdout and "410 Gone" in text.stdout
    one = run("deliveries", "replay", "evt_2", "evt_9", env=env)
    assert (one.returncode, one.stdout.strip()) == (1, "replayed 1 event(s)")
    both = run("deliveries", "replay", "--all", env=env)
    assert (both.returncode, both.stdout.strip()) == (0, "replayed 1 event(s)")
    assert run("deliveries", "dead", env=env).stdout == ""
    assert run("deliveries", "depth", env=env).stdout.strip() == "2"
    neither = run("deliveries", "replay", env=env)
    assert neither.returncode != 0 and "ids or --all" in neither.stderr


def test_settings_read_and_refused() -> None:
    secret = new_secret()
    settings = Settings.from_env(
        {
            "BCGRAPH_EVENTS_WEBHOOK_URL": "https://backend.example/hooks",
            "BCGRAPH_EVENTS_WEBHOOK_SECRET": secret,
            "BCGRAPH_EVENTS_WEBHOOK_MAX_ATTEMPTS": "3",
            "BCGRAPH_EVENTS_WEBHOOK_ALLOW_PRIVATE": "true",
        }
    )
    events = settings.events
    assert (events.url, events.secret, events.max_attempts) == (
        "https://backend.example/hooks",
        secret,
        3,
    )
    assert events.allow_private_targets and events.queue_url == settings.store.url
    assert secret not in repr(settings)
    with pytest.raises(SettingsError, match="needs its secret"):
        Settings.from_env({"BCGRAPH_EVENTS_WEBHOOK_URL": "https://backend.example/hooks"})
    with pytest.raises(SettingsError, match="BCGRAPH_EVENTS_WEBHOOK_") as caught:
        Settings.from_env({"BCGRAPH_EVENTS_WEBHOOK_SECRET": "whsec_c2hvcnQ="})
    assert "c2hvcnQ" not in str(caught.value)
    named = Settings.from_env({"BCGRAPH_EVENTS_ENTITIES": "vendors, purchaseInvoices"})
    assert named.events.entities == ("vendors", "purchaseInvoices")
    with pytest.raises(SettingsError, match="BCGRAPH_EVENTS_ENTITIES: 'nope'"):
        Settings.from_env({"BCGRAPH_EVENTS_ENTITIES": "vendors,nope"})
    with pytest.raises(SettingsError, match="BCGRAPH_EVENTS_QUEUE_URL"):
        Settings.from_env({"BCGRAPH_EVENTS_QUEUE_URL": "mysql://x"})
