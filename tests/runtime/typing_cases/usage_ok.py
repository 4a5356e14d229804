"""Typical user calls: must type-check cleanly under mypy --strict and pyright strict."""

# pyright: strict

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Literal

from telnyx_client import (
    APIResponse,
    AsyncAPIResponse,
    AsyncBinaryAPIResponse,
    AsyncPage,
    AsyncStreamedResponse,
    AsyncTelnyx,
    BinaryAPIResponse,
    DefaultHttpxClient,
    NotFoundError,
    StreamedResponse,
    SyncPage,
    Telnyx,
)
from telnyx_client.resources.addresses.actions import AddressesActionsWithRawResponse
from telnyx_client.types import (
    AccessIPAddressResponse,
    Address,
    AddressCreateParams,
    AddressRetrieveResponse,
    CloudflareSyncStatus,
    DocumentRetrieveResponse,
)
from telnyx_client.types.messaging_profiles import AutoRespConfig
from typing_extensions import assert_type


def sync_calls() -> None:
    client = Telnyx(api_key="KEY", http_client=DefaultHttpxClient())
    address = client.addresses.retrieve("addr_1", timeout=3, extra_headers={"X-A": "1"})
    assert_type(address, AddressRetrieveResponse)

    raw = client.addresses.with_raw_response.retrieve("addr_1")
    assert_type(raw, APIResponse[AddressRetrieveResponse])
    assert_type(raw.parse(), AddressRetrieveResponse)
    assert_type(raw.status_code, int)
    assert_type(client.addresses.with_raw_response.actions, AddressesActionsWithRawResponse)
    from_client = client.with_raw_response.addresses.retrieve("addr_1")
    assert_type(from_client, APIResponse[AddressRetrieveResponse])

    with client.addresses.with_streaming_response.retrieve("addr_1") as streamed:
        assert_type(streamed, StreamedResponse[AddressRetrieveResponse])

    page = client.addresses.list(page_size=5)
    assert_type(page, SyncPage[Address])
    for item in page:
        assert_type(item, Address)
    info = page.next_page_info()
    if info is not None:
        print(info.params)

    download = client.documents.download("doc_1")
    assert_type(download, BinaryAPIResponse)
    download.write_to_file("doc.pdf")

    try:
        client.addresses.retrieve("missing")
    except NotFoundError as error:
        print(error.status_code, error.errors)

    assert_type(
        client.get("/addresses/addr_1", cast_to=AddressRetrieveResponse), AddressRetrieveResponse
    )


def schema_types() -> None:
    client = Telnyx(api_key="KEY")
    ip = client.access_ip_address.retrieve("ip_1")
    # an official type name, not the flat one, is what the method returns
    assert_type(ip, AccessIPAddressResponse)
    assert_type(ip.created_at, datetime | None)  # date-time is parsed
    if ip.created_at is not None:
        print(ip.created_at.year)
    # an enum is a closed Literal, not `str`
    assert_type(ip.status, CloudflareSyncStatus)
    status: Literal["pending", "added"] = ip.status
    if ip.status == "pending":
        print(status)


def create_from_params(client: Telnyx) -> None:
    """The official SDK's `<Resource><Method>Params`: a method's keywords as a TypedDict."""
    params: AddressCreateParams = {
        "business_name": "Acme",
        "country_code": "US",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "locality": "Chicago",
        "street_address": "311 W Superior St",
        "address_book": False,
    }
    print(client.addresses.create(**params).data)


def keywords(config: AutoRespConfig) -> list[str]:
    """An official type name from a resource's subpackage, seen by type checkers."""
    return config.keywords


async def async_calls() -> None:
    client = AsyncTelnyx(api_key="KEY")
    address, document = await asyncio.gather(
        client.addresses.retrieve("addr_1"), client.documents.retrieve("doc_1")
    )
    assert_type(address, AddressRetrieveResponse)
    assert_type(document, DocumentRetrieveResponse)

    raw = await client.addresses.with_raw_response.list()
    assert_type(raw, AsyncAPIResponse[AsyncPage[Address]])
    assert_type(await raw.parse(), AsyncPage[Address])
    async with client.addresses.with_streaming_response.retrieve("addr_1") as streamed:
        assert_type(streamed, AsyncStreamedResponse[AddressRetrieveResponse])
    async with client.with_streaming_response.addresses.retrieve("addr_1") as streamed:
        assert_type(streamed, AsyncStreamedResponse[AddressRetrieveResponse])
    async for item in client.addresses.list():
        assert_type(item, Address)
    assert_type(await client.documents.download("doc_1"), AsyncBinaryAPIResponse)
