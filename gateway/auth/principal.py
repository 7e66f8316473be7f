"""Who is calling: the end user the customer's backend vouched for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.authentication import BaseUser


@dataclass(frozen=True)
class Principal(BaseUser):
    """`user_id` is the token's `sub`; `claims` are all of its verified claims.

    It is Starlette's user too, so `request.user` is the principal after the
    authentication middleware.
    """

    user_id: str
    claims: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.user_id

    @property
    def identity(self) -> str:
        return self.user_id
