"""A 2xx body that does not fit its model: the data by default, an error in strict mode."""

from __future__ import annotations

import logging
from typing import Any, Literal

import pytest

from generator.runtime._endpoint import Endpoint
from generator.runtime._exceptions import APIResponseValidationError
from generator.runtime._logs import logger
from generator.runtime._models import BaseModel, validate_lenient

from .support import API_KEY, AsyncClient, Client, Reply, ScriptedServer, json_reply


class Inner(BaseModel):
    count: int
    state: Literal["on", "off"]


class Outer(BaseModel):
    id: str
    inner: Inner | None = None
    items: list[Inner] = []
    created: int


_outer: Endpoint[Outer] = Endpoint("get", "/outer", Outer)

DRIFTED = {
    "id": "o1",
    "inner": {"count": "3", "state": "dimmed", "new": True},  # "3" coerces, "dimmed" is new
    "items": [{"count": 1, "state": "on"}, {"count": "many", "state": "off"}],
    "created": None,  # the spec says int
    "added_later": {"x": 1},
}


def test_off_spec_body_returns_the_model_with_its_data(
    server: ScriptedServer, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    server.queue(json_reply(DRIFTED))
    with caplog.at_level(logging.DEBUG, logger=logger.name):
        outer = client.request(_outer)
    assert isinstance(outer, Outer)
    assert outer.id == "o1"
    assert outer.created is None  # did not validate: kept raw
    assert isinstance(outer.inner, Inner)
    assert outer.inner.count == 3  # validated field
    assert outer.inner.state == "dimmed"  # an unknown enum value survives
    assert outer.inner.model_extra == {"new": True}
    assert [type(i) for i in outer.items] == [Inner, Inner]
    assert outer.items[1].count == "many"
    assert outer.model_extra == {"added_later": {"x": 1}}
    assert outer.to_dict()["added_later"] == {"x": 1}
    assert any("does not match Outer" in r.getMessage() for r in caplog.records)


def test_strict_mode_raises(server: ScriptedServer) -> None:
    server.default = json_reply(DRIFTED)
    strict = Client(api_key=API_KEY, base_url=server.base_url, strict_response_validation=True)
    with pytest.raises(APIResponseValidationError):
        strict.request(_outer)
    with pytest.raises(APIResponseValidationError):  # with_options keeps the setting
        strict.with_options(timeout=5).request(_outer)
    relaxed = strict.with_options(strict_response_validation=False)
    outer = relaxed.request(_outer)
    assert outer.inner is not None
    state: str = outer.inner.state  # a value the Literal does not list, kept
    assert state == "dimmed"


async def test_async_client_is_tolerant_and_can_be_strict(server: ScriptedServer) -> None:
    server.default = json_reply(DRIFTED)
    async with AsyncClient(api_key=API_KEY, base_url=server.base_url) as aclient:
        outer = await aclient.request(_outer)
        assert outer.created is None
        with pytest.raises(APIResponseValidationError):
            await aclient.with_options(strict_response_validation=True).request(_outer)


def test_invalid_json_still_raises(server: ScriptedServer, client: Client) -> None:
    server.queue(Reply(200, "{oops", {"Content-Type": "application/json"}))
    with pytest.raises(APIResponseValidationError):
        client.request(_outer)


@pytest.mark.parametrize(
    ("tp", "data", "expected"),
    [
        (list[Inner], [{"count": 1, "state": "x"}], [Inner.model_construct(count=1, state="x")]),
        (dict[str, int], {"a": "1", "b": "z"}, {"a": 1, "b": "z"}),
        (int, "z", "z"),
        (Inner | int, {"count": "1", "state": "new"}, Inner.model_construct(count=1, state="new")),
    ],
)
def test_validate_lenient(tp: Any, data: Any, expected: Any) -> None:
    assert validate_lenient(tp, data) == expected
