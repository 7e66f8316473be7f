"""BC URLs built from checked parts: the API root, resource paths, and nextLinks.

Every value that ends up in a path is validated here first (GUID keys are parsed and
re-printed, names must be identifiers, string keys use a small safe alphabet), so a path
never carries text a caller did not mean as a path:

    api_root("https://api.businesscentral.dynamics.com", tenant, "production")
    company(cid).child("purchaseInvoices", inv).child("purchaseInvoiceLines")
    company(cid).child("purchaseInvoices", inv).action("post")
    root_set("subscriptions", "c670ea73cacb459bb51dc1740da2f1db")   # subscriptions('…')
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, urlsplit

from bcmodel import Edm, entity_by_set
from gateway.errors import BadUserInput

__all__ = [
    "ResourcePath",
    "api_root",
    "companies",
    "company",
    "guid",
    "on_base",
    "root_set",
    "split_next_link",
]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Entra tenant: a GUID or a verified domain.
_TENANT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
# BC environment names: letters, digits, hyphens (underscores seen on-prem), at most 30.
_ENVIRONMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,29}")
# String keys (webhook subscription ids are 32 hex digits). Anything that would need
# escaping in a path is refused rather than escaped: there is no legitimate use for it.
_STRING_KEY = re.compile(r"[A-Za-z0-9_.~-]{1,150}")


def guid(value: str | uuid.UUID) -> str:
    """The canonical (lower-case, hyphenated) form of a GUID; BadUserInput otherwise."""
    if isinstance(value, uuid.UUID):
        return str(value)
    # uuid.UUID also accepts braces, `urn:uuid:` and missing hyphens; BC's keys are the
    # 36-char form, and anything else from a client is more likely a mistake.
    if not isinstance(value, str) or len(value) != 36:
        raise BadUserInput(f"{_show(value)} is not a valid GUID.")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise BadUserInput(f"{_show(value)} is not a valid GUID.") from None


def api_root(base_url: str, tenant: str | None, environment: str) -> str:
    """`{base}/v2.0/{tenant}/{environment}/api/v2.0`; with tenant None, BC reads the token's."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"not an http(s) base URL without query or fragment: {base_url!r}")
    if tenant is not None and not _TENANT.fullmatch(tenant):
        raise BadUserInput(f"{_show(tenant)} is not a tenant id or domain.")
    if not _ENVIRONMENT.fullmatch(environment):
        raise BadUserInput(f"{_show(environment)} is not a Business Central environment name.")
    prefix = f"{tenant}/{environment}" if tenant is not None else environment
    return f"{base_url.rstrip('/')}/v2.0/{prefix}/api/v2.0"


def on_base(url: str, base_url: str) -> bool:
    """Whether `url` is an API root on the BC API at `base_url`: the same scheme, host and
    port, a path under `{base path}/v2.0/`, and no credentials, query or fragment.

    A connection's calls carry the user's BC token to its API root, so a root anywhere
    else (a rewritten store row, a gateway moved from the sandbox to BC) must be refused.
    """
    try:
        root, base = urlsplit(url), urlsplit(base_url)
        ports = (_port(root), _port(base))
    except ValueError:  # an unparseable port
        return False
    if root.username is not None or root.password is not None or root.query or root.fragment:
        return False
    return (
        root.scheme.lower() in ("http", "https")
        and root.scheme.lower() == base.scheme.lower()
        and bool(root.hostname)
        and root.hostname == base.hostname  # urlsplit lower-cases both
        and ports[0] == ports[1]
        and root.path.startswith(base.path.rstrip("/") + "/v2.0/")
        and not {".", ".."} & set(root.path.split("/"))
    )


def _port(parts: SplitResult) -> int | None:
    return parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())


@dataclass(frozen=True)
class ResourcePath:
    """A path relative to the API root, one checked segment at a time."""

    segments: tuple[str, ...] = ()

    def child(self, name: str, key: str | uuid.UUID | None = None) -> ResourcePath:
        """An entity set or navigation property, optionally addressed by key."""
        segment = _name(name)
        if key is not None:
            segment += f"({_key(name, key)})"
        return ResourcePath((*self.segments, segment))

    def action(self, name: str) -> ResourcePath:
        """A bound action: `…/Microsoft.NAV.{name}`."""
        return ResourcePath((*self.segments, f"Microsoft.NAV.{_name(name)}"))

    def count(self) -> ResourcePath:
        return ResourcePath((*self.segments, "$count"))

    def __str__(self) -> str:
        return "/".join(self.segments)


def companies() -> ResourcePath:
    return ResourcePath(("companies",))


def company(company_id: str | uuid.UUID) -> ResourcePath:
    return ResourcePath((f"companies({guid(company_id)})",))


def root_set(name: str, key: str | uuid.UUID | None = None) -> ResourcePath:
    """An entity set at the API root (`subscriptions`) rather than under a company."""
    return ResourcePath().child(name, key)


def split_next_link(root: str, link: str) -> tuple[str, dict[str, str]]:
    """An `@odata.nextLink` as (path, params) relative to `root`.

    The link is followed only if it points under the same API root: the request will carry
    the user's token, which must never go to a host BC did not name as itself.
    """
    prefix = root.rstrip("/") + "/"
    if not link.startswith(prefix):
        raise ValueError("nextLink does not point under the API root")
    parts = urlsplit(link)
    if parts.fragment:
        raise ValueError("nextLink has a fragment")
    path = link[len(prefix) :].split("?", 1)[0]
    return path, dict(parse_qsl(parts.query, keep_blank_values=True))


def _name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"not an OData identifier: {name!r}")
    return name


def _key(entity_set: str, key: str | uuid.UUID) -> str:
    entity = entity_by_set(entity_set)
    if entity is not None:
        key_field = entity.field(entity.key)
        if key_field is not None and key_field.type is Edm.STRING:
            if isinstance(key, uuid.UUID) or not _STRING_KEY.fullmatch(key):
                raise BadUserInput(f"{_show(key)} is not a valid {entity.title or entity.name} id.")
            # Quoted with the OData '' rule; the alphabet above has no quote, so this is a
            # no-op today but stays right if the alphabet ever widens.
            return "'" + key.replace("'", "''") + "'"
    return guid(key)


def _show(value: object) -> str:
    """A bounded rendering of a bad value for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
