"""The generated client's file uploads beside the official SDK's JSON methods of the
same route (specs/overrides.yaml `twins`), sent to the local server: the file goes
as multipart/form-data, the JSON method's body as JSON."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GENERATED

from .support import API_KEY, ScriptedServer, json_reply, multipart_parts

if not (GENERATED / "telnyx_client" / "__init__.py").is_file():
    pytest.skip(f"{GENERATED}/telnyx_client does not exist yet", allow_module_level=True)

import telnyx_client  # generated/ is on sys.path (tests/conftest.py)
from telnyx_client.types import MediaUploadResponse
from telnyx_client.types.pronunciation_dict_response import (
    PronunciationDictResponse,
)

MEDIA = {"data": {"media_name": "greeting", "content_type": "audio/mpeg"}}
DICT = {"data": {"id": "d1", "name": "Brand Names"}}


def client(server: ScriptedServer) -> Any:
    return telnyx_client.Telnyx(api_key=API_KEY, base_url=server.base_url, max_retries=0)


def test_upload_file_sends_the_file_as_multipart(server: ScriptedServer, tmp_path: Path) -> None:
    path = tmp_path / "greeting.mp3"
    path.write_bytes(b"ID3 audio")
    server.queue(json_reply(MEDIA))
    with client(server) as c:
        result = c.media.upload_file(media=path, media_name="greeting", ttl_secs=60)
    assert isinstance(result, MediaUploadResponse) and result.data is not None
    assert result.data.media_name == "greeting"
    [sent] = server.requests
    assert (sent.method, sent.path) == ("POST", "/v2/media")
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert multipart_parts(sent) == {
        "media": ("greeting.mp3", b"ID3 audio"),
        "media_name": (None, b"greeting"),
        "ttl_secs": (None, b"60"),
    }


def test_the_official_method_of_the_route_still_sends_json(server: ScriptedServer) -> None:
    server.queue(json_reply(MEDIA))
    with client(server) as c:
        c.media.upload(media_url="https://example.com/a.mp3", media_name="greeting")
    [sent] = server.requests
    assert sent.headers["content-type"] == "application/json"
    assert sent.json() == {"media_url": "https://example.com/a.mp3", "media_name": "greeting"}


def test_a_string_is_no_file(server: ScriptedServer) -> None:
    with client(server) as c:
        media: Any = c.media  # a str where a file goes: what the types reject, at run time
        with pytest.raises(TypeError, match="'media' expects file content"):
            media.upload_file(media="greeting.mp3")
    assert server.requests == []


def test_create_from_file_async_and_its_response_views(server: ScriptedServer) -> None:
    lexicon = b"<lexicon>telnyx=tel-nix</lexicon>"

    async def upload() -> tuple[Any, Any]:
        async with telnyx_client.AsyncTelnyx(
            api_key=API_KEY, base_url=server.base_url, max_retries=0
        ) as c:
            created = await c.pronunciation_dicts.create_from_file(
                file=("brand.pls", lexicon, "application/pls+xml"), name="Brand Names"
            )
            raw = await c.pronunciation_dicts.with_raw_response.create_from_file(
                file=lexicon, name="Brand Names"
            )
            return created, await raw.parse()

    server.default = json_reply(DICT)
    created, parsed = asyncio.run(upload())
    with (
        client(server) as c,
        c.pronunciation_dicts.with_streaming_response.create_from_file(
            file=lexicon, name="Brand Names"
        ) as streamed,
    ):
        assert streamed.status_code == 200
        streamed_result = streamed.parse()
    for result in (created, parsed, streamed_result):
        assert isinstance(result, PronunciationDictResponse) and result.data is not None
        assert result.data.id == "d1"
    assert [(r.method, r.path) for r in server.requests] == [
        ("POST", "/v2/pronunciation_dicts")
    ] * 3
    first, *others = (multipart_parts(r) for r in server.requests)
    assert first == {"file": ("brand.pls", lexicon), "name": (None, b"Brand Names")}
    assert others == [{"file": ("upload", lexicon), "name": (None, b"Brand Names")}] * 2
