"""pin: the pinned spec is found and verified, or the error says exactly what to do."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from generator.errors import GeneratorError
from generator.pin import Pin, default_spec, read_pin, sha256_of

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
