"""`async with` for the BC-side objects that end with `aclose()` (a batch session, a
user's BC session): entering gives the object, leaving closes it."""

from __future__ import annotations

from typing import Any, Self


class Closing:
    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        raise NotImplementedError
