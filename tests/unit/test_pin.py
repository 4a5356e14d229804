"""pin: the pinned spec is found and verified, or the error says exactly what to do."""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.errors import GeneratorError
from generator.pin import (
    Pin,
    default_spec,
    download_pinned,
    downloaded_path,
    read_pin,
    sha256_of,
)

URL = "https://example.invalid/openapi/abc123/spec3.yml"
CONTENT = b"openapi: 3.1.0\n"


def pin_for(tmp_path: Path, sha256: str, spec_path: Path) -> Pin:
    pin_file = tmp_path / "pin.yaml"
    pin_file.write_text(
        f"name: Test\nsource_url: {URL}\ncommit: abc123\nsha256: {sha256}\n"
        f"default_path: {spec_path}\n"
    )
    return read_pin(pin_file)


def test_read_pin(tmp_path: Path) -> None:
    spec_path = tmp_path / "spec3.yml"
    pin = pin_for(tmp_path, "ab" * 32, spec_path)
    assert (pin.source_url, pin.commit, pin.sha256) == (URL, "abc123", "ab" * 32)
    assert pin.default_path == spec_path


def test_missing_pinned_spec_says_where_what_and_from_where(tmp_path: Path) -> None:
    spec_path = tmp_path / "shared" / "spec3.yml"
    sha = hashlib.sha256(CONTENT).hexdigest()
    with pytest.raises(GeneratorError) as info:
        default_spec(pin_for(tmp_path, sha, spec_path))
    message = str(info.value)
    assert str(spec_path) in message and sha in message and URL in message
    assert "--spec" in message


def test_checksum_mismatch_names_expected_and_actual(tmp_path: Path) -> None:
    spec_path = tmp_path / "spec3.yml"
    spec_path.write_bytes(CONTENT + b"# changed\n")
    expected = hashlib.sha256(CONTENT).hexdigest()
    actual = hashlib.sha256(spec_path.read_bytes()).hexdigest()
    with pytest.raises(GeneratorError) as info:
        default_spec(pin_for(tmp_path, expected, spec_path))
    message = str(info.value)
    assert "mismatch" in message and expected in message and actual in message
    assert str(spec_path) in message


def test_matching_spec_is_returned(tmp_path: Path) -> None:
    spec_path = tmp_path / "spec3.yml"
    spec_path.write_bytes(CONTENT)
    sha = hashlib.sha256(CONTENT).hexdigest()
    assert default_spec(pin_for(tmp_path, sha, spec_path)) == spec_path
    assert sha256_of(spec_path) == sha


def test_the_repository_pin_is_well_formed() -> None:
    pin = read_pin()
    assert re.fullmatch(r"[0-9a-f]{64}", pin.sha256)
    assert pin.commit in pin.source_url
    assert pin.default_path.is_absolute()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """A local HTTP server serving tmp_path; yields its base URL."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}"
        server.shutdown()


def served_pin(tmp_path: Path, url: str, content: bytes, sha256: str) -> Pin:
    (tmp_path / "spec3.yml").write_bytes(content)
    pin_file = tmp_path / "pin.yaml"
    pin_file.write_text(
        f"source_url: {url}/spec3.yml\ncommit: abc123\nsha256: {sha256}\n"
        f"default_path: {tmp_path / 'shared' / 'spec3.yml'}\n"
    )
    return read_pin(pin_file)


def test_fetched_spec_is_used_when_shared_is_missing(
    tmp_path: Path, served: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pin = served_pin(tmp_path, served, CONTENT, hashlib.sha256(CONTENT).hexdigest())
    target = downloaded_path(pin)
    assert target is not None and target.is_relative_to(tmp_path / "cache")
    assert download_pinned(target, pin) == target
    assert target.read_bytes() == CONTENT
    assert default_spec(pin) == target


def test_download_with_the_wrong_checksum_leaves_nothing(
    tmp_path: Path, served: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pin = served_pin(tmp_path, served, CONTENT, "ab" * 32)
    target = downloaded_path(pin)
    assert target is not None
    with pytest.raises(GeneratorError, match="expected " + "ab" * 32):
        download_pinned(target, pin)
    assert list(target.parent.iterdir()) == []
    with pytest.raises(GeneratorError, match="fetch-spec"):
        default_spec(pin)


def test_download_failure_is_one_located_error(tmp_path: Path) -> None:
    pin = served_pin(tmp_path, "http://127.0.0.1:9", CONTENT, "ab" * 32)
    with pytest.raises(GeneratorError, match="download failed") as info:
        download_pinned(tmp_path / "out" / "spec3.yml", pin)
    assert pin.source_url in str(info.value)
    assert not (tmp_path / "out" / "spec3.yml").exists()
