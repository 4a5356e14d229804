"""The pinned spec (specs/telnyx.yaml): where it is, and that it is the one pinned."""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import ROOT
from .cache import cache_root
from .errors import GeneratorError
from .load import yaml_error

PIN_FILE = ROOT / "specs" / "telnyx.yaml"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Pin:
    name: str
    source_url: str
    commit: str
    sha256: str
    default_path: Path  # absolute; the file says it relative to the project root
    # The generated package's release (semver), bumped by `update-spec` from the
    # changelog: info.version stays the same across most upstream versions.
    package_version: str = "0.0.0"


@dataclass(frozen=True)
class SpecIdentity:
    """What the generated package says it was built from (its `_version.py`)."""

    sha256: str
    url: str  # "" for a spec that is not the pinned one
    commit: str
    package_version: str  # "" : derive it from info.version


def identity_of(sha256: str, pin: Pin | None) -> SpecIdentity:
    """The pinned spec carries its URL, commit and release; any other only its checksum."""
    if pin is not None and pin.sha256 == sha256:
        return SpecIdentity(sha256, pin.source_url, pin.commit, pin.package_version)
    return SpecIdentity(sha256, "", "", "")


def read_pin(path: Path = PIN_FILE) -> Pin:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GeneratorError(
            f"cannot read the spec pin: {error.strerror}", file=str(path)
        ) from None
    except yaml.YAMLError as error:
        raise yaml_error(error, str(path)) from None
    fields = ("source_url", "commit", "sha256", "default_path")
    missing = [f for f in fields if not isinstance(data, dict) or not data.get(f)]
    if missing:
        raise GeneratorError(f"the spec pin lacks {', '.join(missing)}", file=str(path))
    return Pin(
        name=str(data.get("name") or "spec"),
        source_url=str(data["source_url"]),
        commit=str(data["commit"]),
        sha256=str(data["sha256"]).lower(),
        default_path=(ROOT / str(data["default_path"])).resolve(),
        package_version=str(data.get("package_version") or "0.0.0"),
    )


def sha256_of(path: Path) -> str:
    """Streamed, so checking a large spec does not hold it in memory twice."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def downloaded_path(pin: Pin) -> Path | None:
    """Where `fetch-spec` keeps the pinned spec: the user cache, named by its sha256."""
    root = cache_root()
    name = pin.source_url.rsplit("/", 1)[-1] or "spec"
    return None if root is None else root / "specs" / f"{pin.sha256}-{name}"


def default_spec(pin: Pin | None = None) -> Path:
    """The pinned spec file, verified; a clear error if it is missing or different.

    Looked for at the pin's default_path (../shared/...), then where `python -m
    generator fetch-spec` downloads it (for machines without ../shared). A
    default_path copy of another version (an older checkout of ../shared after
    `update-spec`) does not shadow a verified download.
    """
    pin = pin or read_pin()
    path = pin.default_path
    fetched = downloaded_path(pin)
    if not path.is_file():
        if fetched is not None and fetched.is_file():
            path = fetched
        else:
            raise GeneratorError(
                f"the pinned spec is missing: expected {path} (sha256 {pin.sha256}); "
                f"run `python -m generator fetch-spec` to download it from {pin.source_url}, "
                "or pass --spec PATH",
                file=str(path),
            )
    try:
        actual = sha256_of(path)
    except OSError as error:
        raise GeneratorError(
            f"cannot read the pinned spec: {error.strerror}", file=str(path)
        ) from None
    if (
        actual != pin.sha256
        and fetched is not None
        and fetched.is_file()
        and sha256_of(fetched) == pin.sha256
    ):
        return fetched
    if actual != pin.sha256:
        raise GeneratorError(
            f"checksum mismatch: expected sha256 {pin.sha256} (commit {pin.commit}), got {actual} "
            "(another version of the spec); run `python -m generator fetch-spec` to download "
            "the pinned one, `make update-spec` to pin a new one, or pass --spec PATH",
            file=str(path),
        )
    return path


def download_pinned(dest: Path, pin: Pin | None = None, *, timeout: float = 60) -> Path:
    """Fetch the pinned URL into `dest` and verify it (for machines without ../shared).

    `dest` appears only once the checksum matched: a failed or interrupted
    download leaves nothing behind that `default_spec` could mistake for the spec.
    """
    pin = pin or read_pin()
    return download(pin.source_url, dest, pin.sha256, timeout=timeout)


def download(url: str, dest: Path, sha256: str | None, *, timeout: float = 60) -> Path:
    """Fetch `url` into `dest` atomically; with `sha256`, only a file of that checksum."""
    digest = hashlib.sha256()
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.part-")
    except OSError as error:
        raise GeneratorError(f"cannot write the spec: {error.strerror}", file=str(dest)) from None
    try:
        with (
            os.fdopen(fd, "wb") as out,
            urllib.request.urlopen(url, timeout=timeout) as response,
        ):
            for chunk in iter(lambda: response.read(_CHUNK), b""):
                digest.update(chunk)
                out.write(chunk)
        if sha256 is not None and digest.hexdigest() != sha256:
            raise GeneratorError(
                f"downloaded spec has sha256 {digest.hexdigest()}, expected {sha256}",
                file=url,
            )
        os.replace(tmp, dest)
    except (urllib.error.URLError, TimeoutError) as error:
        reason = getattr(error, "reason", error)
        raise GeneratorError(f"download failed: {reason}", file=url) from None
    except OSError as error:
        raise GeneratorError(f"cannot write the spec: {error}", file=str(dest)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest


def write_pin(
    path: Path, *, source_url: str, commit: str, sha256: str, package_version: str
) -> None:
    """Rewrite the pin's fields in place, keeping its comments and other keys."""
    rewrite_keys(
        path,
        {
            "source_url": source_url,
            "commit": commit,
            "sha256": sha256,
            "package_version": package_version,
        },
    )


def rewrite_keys(path: Path, values: dict[str, object]) -> None:
    """Set top-level scalar `key: value` lines of a YAML file; comments and order stay."""
    lines = path.read_text(encoding="utf-8").splitlines()
    seen: set[str] = set()
    for i, line in enumerate(lines):
        key = line.partition(":")[0]
        if key in values and not line.startswith((" ", "#")):
            lines[i] = f"{key}: {values[key]}"
            seen.add(key)
    lines += [f"{key}: {value}" for key, value in values.items() if key not in seen]
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
