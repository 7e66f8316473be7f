"""Where clients reach the sandbox: the configured public URL, else what the request says."""

from __future__ import annotations

from starlette.requests import Request

from sandbox.settings import SandboxSettings


def base_url(settings: SandboxSettings, request: Request) -> str:
    """No trailing slash; includes any root path the sandbox is mounted under."""
    return (settings.public_url or str(request.base_url)).rstrip("/")
