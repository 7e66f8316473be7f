"""GraphQL Code Generator over schema.graphql with the config users copy
(clients/typescript/codegen.ts), then `tsc --noEmit` over what it wrote, as a frontend's
build would run them: the example operations, and compile-time checks of how the custom
scalars and enums came out (codegen_checks.ts), must type-check under the strict
tsconfig shipped with the config.

It also fails when a generated type is named like a TypeScript or DOM global (as the
interface `Record` was, hiding TypeScript's Record<K, V>): tsc alone allows that, so
the test asks tsc which of the generated names resolve with no import at all.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import E2E, require_node

ROOT = E2E.parents[1]
CLIENT = ROOT / "clients" / "typescript"
SCHEMA = ROOT / "schema.graphql"

# What tsc says of a name that nothing declares (TS2304, TS2552 "Did you mean", and the
# "Do you need to install type definitions" variants).
NOT_FOUND = "Cannot find name"
EXPORTED = re.compile(
    r"^export (?:declare )?(?:type|interface|enum|const|function|class) ([A-Za-z_$][\w$]*)",
    re.MULTILINE,
)


def run(node: str, tool: str, *args: str, cwd: Path) -> str:
    result = subprocess.run(
        [node, str(E2E / "node_modules" / ".bin" / tool), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "BCGRAPH_SCHEMA": str(SCHEMA)},
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"{tool} {' '.join(args)} failed ({result.returncode}):\n{output[-6000:]}")
    return output


@pytest.fixture
def generated(tmp_path: Path) -> tuple[str, Path]:
    """A copy of clients/typescript with codegen run over it: (node, the copy)."""
    node = require_node()
    app = tmp_path / "app"
    shutil.copytree(CLIENT, app, ignore=shutil.ignore_patterns("gql", "node_modules"))
    shutil.copy(E2E / "codegen_checks.ts", app / "src" / "codegen_checks.ts")
    (app / "node_modules").symlink_to(E2E / "node_modules", target_is_directory=True)
    run(node, "graphql-codegen", "--config", "codegen.ts", cwd=app)
    return node, app


def test_generated_types_pass_tsc(generated: tuple[str, Path]) -> None:
    node, app = generated
    gql = app / "src" / "gql"
    assert {"graphql.ts", "gql.ts", "fragment-masking.ts", "index.ts", "schema.ts"} <= {
        p.name for p in gql.iterdir()
    }
    # The example's operations were typed, the renamed interface among the schema's types.
    assert "export type OpenInvoicesQuery" in (gql / "graphql.ts").read_text()
    assert "export type BusinessCentralRecord" in (gql / "schema.ts").read_text()
    run(node, "tsc", "-p", "tsconfig.json", "--noEmit", "--pretty", "false", cwd=app)


def test_no_generated_type_is_named_like_a_global(generated: tuple[str, Path]) -> None:
    node, app = generated
    # The types named after the schema and the operations; the preset's fixed helpers
    # (gql.ts, fragment-masking.ts) are codegen's own, the same for every schema.
    names = sorted(
        {
            name
            for file in ("graphql.ts", "schema.ts")
            for name in EXPORTED.findall((app / "src" / "gql" / file).read_text())
        }
    )
    assert "BusinessCentralRecord" in names and "Vendor" in names
    probe = app / "probe"
    probe.mkdir()
    # A script (no import or export), so each name resolves only if it is a global of the
    # libraries a browser app compiles against, those of the shipped tsconfig.
    (probe / "probe.ts").write_text(
        "".join(f"type Probe{i} = {name};\n" for i, name in enumerate(names))
    )
    (probe / "tsconfig.json").write_text(
        '{"compilerOptions": {"lib": ["ES2022", "DOM", "DOM.Iterable"], "types": [],'
        ' "noEmit": true, "strict": true}, "files": ["probe.ts"]}'
    )
    result = subprocess.run(
        [
            node,
            str(E2E / "node_modules" / ".bin" / "tsc"),
            "-p",
            "tsconfig.json",
            "--pretty",
            "false",
        ],
        cwd=probe,
        capture_output=True,
        text=True,
        timeout=120,
    )
    not_found = {
        int(line.group(1))
        for line in re.finditer(r"^probe\.ts\((\d+),\d+\): error TS\d+: (.*)$", result.stdout, re.M)
        if line.group(2).startswith(NOT_FOUND)
    }
    assert not_found, result.stdout + result.stderr  # the probe ran and found nothing for most
    globals_ = [name for i, name in enumerate(names) if i + 1 not in not_found]
    assert not globals_, f"generated types named like TypeScript/DOM globals: {globals_}"
