"""BC URLs built from checked parts: the API root, resource paths, and nextLinks.

Every value that ends up in a path is validated here first (GUID keys are parsed and
re-printed, names must be identifiers, string keys use a small safe alphabet), so a path
never carries text a caller did not mean as a path:

    api_root("https://api.businesscentral.dynamics.com", tenant, "production")
    company(cid).child("purchaseInvoices", inv).child("purchaseInvoiceLines")
    company(cid).child("purchaseInvoices", inv).action("post")
    root_set("subscriptions", "c670ea73cacb459bb51dc1740da2f1db")   # subscriptions('…')
    company(cid, Route("contoso", "logistics", "v1.0")).child("shipments")
        # ../contoso/logistics/v1.0/companies(…)/shipments: an extension's API (custom
        # API) is beside the standard one, so its paths climb out of `v2.0` first

Only `other_api` paths contain `..`, and only as their first segment (client.py checks).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, urlsplit

from bcmodel import STANDARD, STANDARD_ROUTE, Edm, Route
from gateway.errors import BadUserInput

__all__ = [
    "OTHER_API",
    "ResourcePath",
    "api_base",
    "api_root",
    "companies",
    "company",
    "guid",
    "on_base",
    "root_set",
    "route_path",
    "split_next_link",
]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A GUID in the form uuid.UUID prints (lower case, hyphenated).
_CANONICAL_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Entra tenant: a GUID or a verified domain.
_TENANT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
# BC environment names: letters, digits, hyphens (underscores seen on-prem), at most 30.
_ENVIRONMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,29}")
# String keys (webhook subscription ids are 32 hex digits). Anything that would need
# escaping in a path is refused rather than escaped: there is no legitimate use for it.
_STRING_KEY = re.compile(r"[A-Za-z0-9_.~-]{1,150}")
# An extension's API route, `{publisher}/{group}/{version}`, as BC allows them.
_ROUTE_PART = r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}"
_VERSION = r"v[0-9]+\.[0-9]+(?:-[A-Za-z0-9]+)?"
OTHER_API = re.compile(rf"\.\./(?P<route>{_ROUTE_PART}/{_ROUTE_PART}/{_VERSION})/")


def route_path(route: Route) -> str:
    """An extension's route, checked; "" for the standard one (the API root itself)."""
    if route.standard:
        return ""
    if OTHER_API.fullmatch(f"../{route.path}/") is None:
        raise ValueError(f"not an API route: {route.path!r}")
    return route.path


def guid(value: str | uuid.UUID) -> str:
    """The canonical (lower-case, hyphenated) form of a GUID; BadUserInput otherwise."""
    if isinstance(value, uuid.UUID):
        return str(value)
    # uuid.UUID also accepts braces, `urn:uuid:` and missing hyphens; BC's keys are the
    # 36-char form, and anything else from a client is more likely a mistake.
    if not isinstance(value, str) or len(value) != 36:
        raise BadUserInput(f"{_show(value)} is not a valid GUID.")
    if _CANONICAL_GUID.fullmatch(value):
        # Already canonical, as company ids from the store are: every request builds its
        # paths from one, and parsing it into a UUID was ~0.5% of a small read's CPU.
        return value
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
    # An extension's API route (`contoso/logistics/v1.0`); "" for the standard API.
    api: str = ""

    def child(self, name: str, key: str | uuid.UUID | None = None) -> ResourcePath:
        """An entity set or navigation property, optionally addressed by key."""
        segment = _name(name)
        if key is not None:
            segment += f"({_key(name, key, standard=not self.api)})"
        return ResourcePath((*self.segments, segment), self.api)

    def action(self, name: str) -> ResourcePath:
        """A bound action: `…/Microsoft.NAV.{name}`."""
        return ResourcePath((*self.segments, f"Microsoft.NAV.{_name(name)}"), self.api)

    def count(self) -> ResourcePath:
        return ResourcePath((*self.segments, "$count"), self.api)

    def __str__(self) -> str:
        path = "/".join(self.segments)
        return f"../{self.api}/{path}" if self.api else path


def companies() -> ResourcePath:
    return ResourcePath(("companies",))


def company(company_id: str | uuid.UUID, route: Route = STANDARD_ROUTE) -> ResourcePath:
    """A company, in the standard API or (`route`) in an extension's API."""
    return ResourcePath((f"companies({guid(company_id)})",), route_path(route))


def root_set(name: str, key: str | uuid.UUID | None = None) -> ResourcePath:
    """An entity set at the API root (`subscriptions`) rather than under a company."""
    return ResourcePath().child(name, key)


def split_next_link(root: str, link: str) -> tuple[str, dict[str, str]]:
    """An `@odata.nextLink` as (path, params) relative to `root`.

    The link is followed only if it points under the same API root: the request will carry
    the user's token, which must never go to a host BC did not name as itself.
    """
    prefix = root.rstrip("/") + "/"
    parts = urlsplit(link)
    if parts.fragment:
        raise ValueError("nextLink has a fragment")
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    if link.startswith(prefix):
        return link[len(prefix) :].split("?", 1)[0], params
    # An extension's API, beside the standard one under the same environment.
    beside = api_base(root) + "/"
    rest = link[len(beside) :].split("?", 1)[0] if link.startswith(beside) else ""
    climbed = f"../{rest}"
    found = OTHER_API.match(climbed)
    if found is None or ".." in climbed[found.end() :]:
        raise ValueError("nextLink does not point under the API root")
    return climbed, params


def api_base(root: str) -> str:
    """`…/api` of an API root `…/api/v2.0`: where extensions' APIs are, beside it."""
    return root.rstrip("/").rsplit("/", 1)[0]


def _name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"not an OData identifier: {name!r}")
    return name


def _key(entity_set: str, key: str | uuid.UUID, *, standard: bool) -> str:
    # Extensions' entities are keyed by GUIDs (SystemId), as custom API pages must be.
    entity = STANDARD.by_ref(entity_set) if standard else None
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
