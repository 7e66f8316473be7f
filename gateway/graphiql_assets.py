"""GraphiQL's scripts and styles: pinned npm releases, from unpkg.com or from a local copy.

The page names each file with its SHA-384 (Subresource Integrity), so the browser runs
exactly these bytes wherever they come from. No package on PyPI ships these releases, so
a local copy is optional: `python -m gateway.graphiql_assets` (which ./scripts/bootstrap
runs when npm is on the PATH) fetches them with `npm pack` from the npm registry, checks
each against its hash, and keeps them in gateway/graphiql_files/ (not committed). The
gateway serves a complete, intact copy at /graphiql/assets/ and otherwise points the
page at unpkg.com, which says plainly what to do when the browser cannot reach it.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

CDN = "https://unpkg.com"
LOCAL_PATH = "/graphiql/assets"
DEFAULT_DIR = Path(__file__).resolve().parent / "graphiql_files"


@dataclass(frozen=True)
class Asset:
    package: str  # on npm
    version: str
    file: str  # inside the package
    integrity: str  # sha384-<base64>, as the page's integrity attribute

    @property
    def key(self) -> str:
        """Where the file sits under the CDN, and under LOCAL_PATH and the local copy."""
        return f"{self.package}@{self.version}/{self.file}"

    @property
    def is_style(self) -> bool:
        return self.file.endswith(".css")


# In load order. Versions and hashes move together: a new release means new hashes.
ASSETS: tuple[Asset, ...] = (
    Asset(
        "graphiql",
        "3.8.3",
        "graphiql.min.css",
        "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
    ),
    Asset(
        "@graphiql/plugin-explorer",
        "1.0.2",
        "dist/style.css",
        "sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi",
    ),
    Asset(
        "react",
        "18.2.0",
        "umd/react.production.min.js",
        "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8",
    ),
    Asset(
        "react-dom",
        "18.2.0",
        "umd/react-dom.production.min.js",
        "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh",
    ),
    Asset(
        "graphiql",
        "3.8.3",
        "graphiql.min.js",
        "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
    ),
    Asset(
        "@graphiql/plugin-explorer",
        "1.0.2",
        "dist/index.umd.js",
        "sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9",
    ),
)


def integrity(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


class LocalAssets:
    """A local copy, read once: every file present and matching its hash, or none used."""

    def __init__(self, directory: Path = DEFAULT_DIR, assets: tuple[Asset, ...] = ASSETS) -> None:
        files: dict[str, bytes] = {}
        for asset in assets:
            path = directory / asset.key
            if not path.is_file():
                break
            data = path.read_bytes()
            if integrity(data) != asset.integrity:
                break
            files[asset.key] = data
        # Half a copy would load half of GraphiQL: all of it, or the CDN for all.
        self.files = files if len(files) == len(assets) else {}

    @property
    def complete(self) -> bool:
        return bool(self.files)

    async def endpoint(self, request: Request) -> Response:
        data = self.files.get(request.path_params["path"])
        if data is None:
            return Response("Not Found", status_code=404, media_type="text/plain")
        kind = "text/css" if request.path_params["path"].endswith(".css") else "text/javascript"
        # A pinned version at a versioned path never changes.
        cache = "public, max-age=31536000, immutable"
        return Response(data, media_type=f"{kind}; charset=utf-8", headers={"Cache-Control": cache})


def fetch(directory: Path = DEFAULT_DIR, npm: str = "npm") -> None:
    """Fetches every asset with `npm pack` (the npm registry, checked against its own
    integrity by npm) and writes each file, after checking its hash, under `directory`."""
    with tempfile.TemporaryDirectory() as scratch:
        packages = sorted({f"{a.package}@{a.version}" for a in ASSETS})
        subprocess.run(  # noqa: S603 - fixed arguments, pinned versions
            [npm, "pack", "--silent", "--pack-destination", scratch, *packages],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for asset in ASSETS:
            tarball = Path(scratch) / _tarball_name(asset)
            with tarfile.open(tarball) as archive:
                member = archive.extractfile(f"package/{asset.file}")
                if member is None:
                    raise ValueError(f"{asset.key} is not a file in its npm package")
                data = member.read()
            if integrity(data) != asset.integrity:
                raise ValueError(f"{asset.key} from npm does not match its pinned SHA-384")
            target = directory / asset.key
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def _tarball_name(asset: Asset) -> str:
    # npm pack names @scope/name@1.0.0 as scope-name-1.0.0.tgz.
    return f"{asset.package.removeprefix('@').replace('/', '-')}-{asset.version}.tgz"


def main() -> int:
    npm = shutil.which("npm")
    if npm is None:
        print("graphiql assets: npm is not on the PATH (install Node.js)", file=sys.stderr)
        return 1
    try:
        fetch(DEFAULT_DIR, npm)
    except (OSError, ValueError, subprocess.CalledProcessError, tarfile.TarError) as error:
        print(f"graphiql assets: {error}", file=sys.stderr)
        return 1
    print(f"graphiql assets: GraphiQL's files are in {DEFAULT_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
