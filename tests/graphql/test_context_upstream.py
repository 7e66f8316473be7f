"""Context.upstream: one lookup per request, shared by the resolvers that ask together, its
error too; a caller that gives up does not take the answer from the others."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from resolvers.context import Context
from resolvers.cursors import CursorKeys


class Lookups:
    def __init__(self, error: Exception | None = None) -> None:
        self.calls = 0
        self.error = error
        self.release = asyncio.Event()

    async def __call__(self) -> Any:
        self.calls += 1
        await self.release.wait()
        if self.error is not None:
            raise self.error
        return ("upstream", self.calls)


def context(connect: Any) -> Context:
    return Context(user_id="u", connect=connect, cursor_keys=CursorKeys.generate())


async def test_siblings_share_one_lookup() -> None:
    lookups = Lookups()
    ctx = context(lookups)
    callers = [asyncio.ensure_future(ctx.upstream()) for _ in range(10)]
    await asyncio.sleep(0)
    lookups.release.set()
    answers = await asyncio.gather(*callers)
    assert lookups.calls == 1
    assert set(answers) == {("upstream", 1)}
    assert await ctx.upstream() == ("upstream", 1)  # later fields: no lookup
    assert lookups.calls == 1


async def test_the_lookups_error_reaches_every_caller() -> None:
    error = RuntimeError("not connected")
    lookups = Lookups(error)
    ctx = context(lookups)
    callers = [asyncio.ensure_future(ctx.upstream()) for _ in range(3)]
    await asyncio.sleep(0)
    lookups.release.set()
    results = await asyncio.gather(*callers, return_exceptions=True)
    assert results == [error, error, error]
    with pytest.raises(RuntimeError) as raised:
        await ctx.upstream()
    assert raised.value is error
    assert lookups.calls == 1


async def test_a_caller_that_gives_up_does_not_fail_the_others() -> None:
    lookups = Lookups()
    ctx = context(lookups)
    first = asyncio.ensure_future(ctx.upstream())
    await asyncio.sleep(0)  # the first is looking it up
    second = asyncio.ensure_future(ctx.upstream())
    await asyncio.sleep(0)  # the second waits for it
    first.cancel()
    await asyncio.sleep(0)
    lookups.release.set()
    answer = await second  # looked up again if the first's lookup went with it
    assert answer[0] == "upstream"
    assert first.cancelled()
    assert lookups.calls <= 2


async def test_a_forgotten_upstream_is_looked_up_again() -> None:
    lookups = Lookups()
    lookups.release.set()
    ctx = context(lookups)
    assert await ctx.upstream() == ("upstream", 1)
    ctx.forget_upstream()
    assert await ctx.upstream() == ("upstream", 2)
