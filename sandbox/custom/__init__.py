"""The sandbox's sample custom API: an extension's API pages (`api/contoso/logistics/v1.0`),
declared in the same JSON format `bcgraph import-api` writes, served beside BC's standard
API with its own `$metadata`, seeded in every company, and webhooked like BC's."""

from __future__ import annotations

from pathlib import Path

from bcmodel import STANDARD, Registry
from bcmodel.custom_apis import CustomApi, load

SAMPLE_PATH = Path(__file__).with_name("contoso_logistics.json")


def sample_api() -> CustomApi:
    return load(SAMPLE_PATH)


def sandbox_entities() -> Registry:
    """What the sandbox serves: BC's standard entities and the sample custom API's."""
    return STANDARD.with_custom(sample_api().entities)
