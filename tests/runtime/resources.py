"""Generated-style endpoints, models and resources used by the tests."""

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import Unpack

from generator.runtime._endpoint import Endpoint, PageSpec
from generator.runtime._files import file_param
from generator.runtime._models import BaseModel
from generator.runtime._pagination import SyncPage
from generator.runtime._resource import (
    AsyncAPIResource,
    SyncAPIResource,
    async_method,
    async_pager,
)
from generator.runtime._types import NOT_GIVEN, FileTypes, NotGiven, RequestOptions

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
download: Endpoint[bytes] = Endpoint(
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
    def retrieve(self, id: str, **options: Unpack[RequestOptions]) -> DocumentResponse:
        return self._client.request(retrieve, path={"id": id}, options=options)

    def create(
        self,
        *,
        file: FileTypes | NotGiven = NOT_GIVEN,
        customer_reference: str | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> DocumentResponse:
        return self._client.request(
            create,
            # As generated: a file field goes through file_param.
            body={"file": file_param(file, "file"), "customer_reference": customer_reference},
            options=options,
        )

    def download(self, id: str, **options: Unpack[RequestOptions]) -> bytes:
        return self._client.request(download, path={"id": id}, options=options)

    def delete(self, id: str, **options: Unpack[RequestOptions]) -> None:
        return self._client.request(delete, path={"id": id}, options=options)

    def list(
        self,
        *,
        page_number: int | NotGiven = NOT_GIVEN,
        page_size: int | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[Document]:
        return self._client.request_page(
            list_pages,
            query={"page[number]": page_number, "page[size]": page_size},
            options=options,
        )

    @property
    def nested(self) -> Documents:
        """Sub-resource built from ``self._client`` like generated code does."""
        return Documents(self._client)


class AsyncDocuments(AsyncAPIResource):
    # As generated: the sync functions serve the async client too.
    retrieve = async_method(Documents.retrieve)
    create = async_method(Documents.create)
    download = async_method(Documents.download)
    list = async_pager(Documents.list)
