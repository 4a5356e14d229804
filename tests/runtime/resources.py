"""Generated-style endpoints, models and resources used by the tests."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

from generator.runtime._endpoint import Endpoint, PageSpec
from generator.runtime._files import file_param
from generator.runtime._models import BaseModel
from generator.runtime._pagination import SyncPage
from generator.runtime._resource import (
    AsyncAPIResource,
    RawResponseView,
    StreamingResponseView,
    SyncAPIResource,
    async_binary_method,
    async_method,
    async_pager,
    async_raw_response,
    async_streamed_response,
    raw_response,
    streamed_response,
)
from generator.runtime._response import BinaryAPIResponse
from generator.runtime._types import (
    NOT_GIVEN,
    ExtraBody,
    ExtraHeaders,
    ExtraQuery,
    FileTypes,
    NotGiven,
    RequestTimeout,
)

# Note: `Endpoint[X](...)` fails on Python 3.11 (frozen+slots dataclass bug in
# typing's __orig_class__ assignment), so endpoints are annotated instead.


class Document(BaseModel):
    id: str
    # Generated enums stay open: unknown values must not break old clients.
    status: Literal["pending", "verified"] | str = "pending"


class DocumentResponse(BaseModel):
    data: Document


class PageMeta(BaseModel):
    page_number: int | None = None
    total_pages: int | None = None


class DocumentList(BaseModel):
    data: list[Document]
    meta: PageMeta | None = None


class CursorMeta(BaseModel):
    cursors: dict[str, Any] | None = None


class CursorList(BaseModel):
    data: list[Document]
    meta: CursorMeta | None = None


retrieve: Endpoint[DocumentResponse] = Endpoint("get", "/documents/{id}", DocumentResponse)
create: Endpoint[DocumentResponse] = Endpoint(
    "post", "/documents", DocumentResponse, body_encodings=("json", "multipart")
)
download: Endpoint[BinaryAPIResponse] = Endpoint(
    "get", "/documents/{id}/download", bytes, response_kind="binary"
)
delete: Endpoint[None] = Endpoint("delete", "/documents/{id}", None, response_kind="none")
list_pages: Endpoint[DocumentList] = Endpoint(
    "get",
    "/documents",
    DocumentList,
    page=PageSpec(
        kind="page_number",
        items=("data",),
        item_type=Document,
        number_param="page[number]",
        size_param="page[size]",
    ),
)
list_cursor: Endpoint[CursorList] = Endpoint(
    "get",
    "/cursor-documents",
    CursorList,
    page=PageSpec(
        kind="cursor",
        items=("data",),
        item_type=Document,
        cursor_param="page[after]",
        next_cursor=("meta", "cursors", "after"),
    ),
)


class Documents(SyncAPIResource):
    def retrieve(
        self,
        id: str,
        *,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: RequestTimeout = NOT_GIVEN,
    ) -> DocumentResponse:
        return self._client.request(
            retrieve, path={"id": id}, options=(extra_headers, extra_query, extra_body, timeout)
        )

    def create(
        self,
        *,
        file: FileTypes | NotGiven = NOT_GIVEN,
        customer_reference: str | NotGiven = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: RequestTimeout = NOT_GIVEN,
    ) -> DocumentResponse:
        return self._client.request(
            create,
            # As generated: a file field goes through file_param.
            body={"file": file_param(file, "file"), "customer_reference": customer_reference},
            options=(extra_headers, extra_query, extra_body, timeout),
        )

    def download(
        self,
        id: str,
        *,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: RequestTimeout = NOT_GIVEN,
    ) -> BinaryAPIResponse:
        return self._client.request(
            download, path={"id": id}, options=(extra_headers, extra_query, extra_body, timeout)
        )

    def delete(
        self,
        id: str,
        *,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: RequestTimeout = NOT_GIVEN,
    ) -> None:
        return self._client.request(
            delete, path={"id": id}, options=(extra_headers, extra_query, extra_body, timeout)
        )

    def list(
        self,
        *,
        page_number: int | NotGiven = NOT_GIVEN,
        page_size: int | NotGiven = NOT_GIVEN,
        extra_headers: ExtraHeaders = None,
        extra_query: ExtraQuery = None,
        extra_body: ExtraBody = None,
        timeout: RequestTimeout = NOT_GIVEN,
    ) -> SyncPage[Document]:
        return self._client.request_page(
            list_pages,
            query={"page[number]": page_number, "page[size]": page_size},
            options=(extra_headers, extra_query, extra_body, timeout),
        )

    @property
    def nested(self) -> Documents:
        """Sub-resource built from ``self._client`` like generated code does."""
        return Documents(self._client)

    @cached_property
    def with_raw_response(self) -> DocumentsWithRawResponse:
        return DocumentsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> DocumentsWithStreamingResponse:
        return DocumentsWithStreamingResponse(self)


class AsyncDocuments(AsyncAPIResource):
    # As generated: the sync functions serve the async client too.
    retrieve = async_method(Documents.retrieve)
    create = async_method(Documents.create)
    download = async_binary_method(Documents.download)
    list = async_pager(Documents.list)

    delete = async_method(Documents.delete)

    @cached_property
    def with_raw_response(self) -> AsyncDocumentsWithRawResponse:
        return AsyncDocumentsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncDocumentsWithStreamingResponse:
        return AsyncDocumentsWithStreamingResponse(self)


# As generated: one view class per resource and mode, listing its methods.
class DocumentsWithRawResponse(RawResponseView[Documents]):
    retrieve = raw_response(Documents.retrieve)
    create = raw_response(Documents.create)
    download = raw_response(Documents.download)
    delete = raw_response(Documents.delete)
    list = raw_response(Documents.list)

    @cached_property
    def nested(self) -> DocumentsWithRawResponse:
        return DocumentsWithRawResponse(self._resource.nested)


class DocumentsWithStreamingResponse(StreamingResponseView[Documents]):
    retrieve = streamed_response(Documents.retrieve)
    create = streamed_response(Documents.create)
    download = streamed_response(Documents.download)
    delete = streamed_response(Documents.delete)
    list = streamed_response(Documents.list)


class AsyncDocumentsWithRawResponse(RawResponseView[AsyncDocuments]):
    retrieve = async_raw_response(AsyncDocuments.retrieve)
    create = async_raw_response(AsyncDocuments.create)
    download = async_raw_response(AsyncDocuments.download)
    delete = async_raw_response(AsyncDocuments.delete)
    list = async_raw_response(AsyncDocuments.list)


class AsyncDocumentsWithStreamingResponse(StreamingResponseView[AsyncDocuments]):
    retrieve = async_streamed_response(AsyncDocuments.retrieve)
    create = async_streamed_response(AsyncDocuments.create)
    download = async_streamed_response(AsyncDocuments.download)
    delete = async_streamed_response(AsyncDocuments.delete)
    list = async_streamed_response(AsyncDocuments.list)
