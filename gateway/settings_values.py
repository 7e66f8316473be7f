"""Reading one setting: the checks each kind of value gets, and the one error, naming the
variable, that a bad value or a part that cannot start becomes.

gateway/settings.py reads every variable with these; the CLI prints a SettingsError as one
line (`bcgraph: configuration error: ...`) instead of a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TypeVar
from urllib.parse import urlsplit

from gateway.hosts import host_name

PREFIX = "BCGRAPH_"
_T = TypeVar("_T")
_N = TypeVar("_N", int, float)


class SettingsError(ValueError):
    """A setting that cannot be used; the message names the variable and says why."""


@contextlib.contextmanager
def reported_as(name: str, url: str = "") -> Iterator[None]:
    """Whatever keeps a part from starting (the service its URL names not answering, say)
    becomes a SettingsError naming the setting that chose it, with the URL without its
    password and the reason, so `bcgraph` prints one line instead of a traceback."""
    try:
        yield
    except Exception as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        what = f"cannot use {redact_url(url)}" if url else "cannot start"
        raise SettingsError(f"{PREFIX}{name}: {what}: {reason}") from error


def redact_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = f"{parts.username}:" if parts.username else ":"
    return parts._replace(netloc=f"{user}***@{parts.netloc.rpartition('@')[2]}").geturl()


def check_public_url(name: str, url: str) -> None:
    """PUBLIC_URL is where browsers and BC's webhooks are sent: an absolute http(s) URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(
            f"{name}: {url!r} is not an absolute http(s) URL "
            "(for example https://graph.example.com, as clients reach the gateway)"
        )
    if parts.query or parts.fragment:
        raise SettingsError(f"{name}: {url!r} cannot have a query or a fragment")


def build(names: str, make: Callable[[], _T]) -> _T:
    try:
        return make()
    except SettingsError:
        raise  # names its own variable
    except ValueError as error:
        raise SettingsError(f"{PREFIX}{names}: {error}") from None


def number(get: Callable[..., str], name: str, kind: Callable[[str], _T], default: _T) -> _T:
    raw = get(name)
    if not raw:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise SettingsError(f"{PREFIX}{name}: {raw!r} is not a number") from None


def positive(get: Callable[..., str], name: str, kind: Callable[[str], _N], default: _N) -> _N:
    value = number(get, name, kind, default)
    if not value > 0:  # NaN fails too
        raise SettingsError(f"{PREFIX}{name}: must be positive, not {value}")
    return value


def url(get: Callable[..., str], name: str, schemes: tuple[str, ...], default: str) -> str:
    raw = get(name, default)
    scheme = urlsplit(raw).scheme.lower()
    if scheme not in schemes:
        raise SettingsError(
            f"{PREFIX}{name}: {redact_url(raw)!r} has no supported scheme: "
            f"use {', '.join(s + '://' for s in schemes)}"
        )
    return raw


def choice(get: Callable[..., str], name: str, allowed: tuple[str, ...], default: str) -> str:
    raw = get(name).lower() or default
    if raw not in allowed:
        raise SettingsError(f"{PREFIX}{name}: {raw!r} is not one of {', '.join(allowed)}")
    return raw


def host_names(get: Callable[..., str], name: str) -> tuple[str, ...]:
    names = []
    for entry in (e.strip() for e in get(name).split(",")):
        if not entry:
            continue
        found = host_name(entry)
        if found is None:
            raise SettingsError(f"{PREFIX}{name}: {entry!r} is not a host name")
        names.append(found)
    return tuple(names)


def flag(get: Callable[..., str], name: str, default: bool) -> bool:
    raw = get(name).lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{PREFIX}{name}: {raw!r} is not true or false")
