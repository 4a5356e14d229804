"""The pinned spec (specs/telnyx.yaml): where it is, and that it is the one pinned."""

from __future__ import annotations

import hashlib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import GeneratorError

ROOT = Path(__file__).resolve().parent.parent
PIN_FILE = ROOT / "specs" / "telnyx.yaml"


@dataclass(frozen=True)
class Pin:
    source_url: str
    commit: str
    sha256: str
    default_path: Path


def read_pin(path: Path = PIN_FILE) -> Pin:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Pin(
        source_url=str(data["source_url"]),
        commit=str(data["commit"]),
        sha256=str(data["sha256"]),
        default_path=(ROOT / str(data["default_path"])).resolve(),
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def default_spec(pin: Pin | None = None) -> Path:
    """The pinned spec file, verified; a clear error if it is missing or different."""
    pin = pin or read_pin()
    path = pin.default_path
    if not path.is_file():
        raise GeneratorError(
            f"the pinned spec is missing: expected {path} (sha256 {pin.sha256}); "
            f"download it from {pin.source_url} or pass --spec PATH",
            file=str(path),
        )
    actual = sha256_of(path)
    if actual != pin.sha256:
        raise GeneratorError(
            f"checksum mismatch: expected sha256 {pin.sha256} (commit {pin.commit}), got {actual}; "
            "update specs/telnyx.yaml to pin a new spec, or pass --spec PATH",
            file=str(path),
        )
    return path


def download_pinned(dest: Path, pin: Pin | None = None) -> Path:
    """Fetch the pinned URL into `dest` and verify it (for machines without ../shared)."""
    pin = pin or read_pin()
    with urllib.request.urlopen(pin.source_url, timeout=60) as response:
        data = response.read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != pin.sha256:
        raise GeneratorError(
            f"downloaded spec has sha256 {actual}, expected {pin.sha256}", file=pin.source_url
        )
    dest.write_bytes(data)
    return dest
