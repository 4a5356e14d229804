"""The API's incoming events (OpenAPI 3.1 `webhooks`) as one tagged union of models.

Each webhook's JSON request body becomes a response-style model (it is parsed,
never sent); `client.webhooks.unwrap` validates a delivery into the union. The
tag is the event type: Telnyx nests it (`data.event_type`), a few events carry
it at the top (`event_type`), and events whose type no literal fixes are tried
as a validated union when no tag matches.
"""

from __future__ import annotations

from ..naming import Namespace, class_name
from ..schema.document import Document
from ..schema.pointer import pointer
from .annotate import annotation
from .model import AliasDef, TRef, TUnion, TypeExpr, Webhook
from .schemas import SchemaConverter
from .unions import discriminator

TAG_PATHS = (("data", "event_type"), ("event_type",))
UNION = "UnwrapWebhookEvent"  # the official SDK's names
UNSAFE_UNION = "UnsafeUnwrapWebhookEvent"


def build_webhooks(
    document: Document,
    converter: SchemaConverter,
    type_names: Namespace,
    module_names: Namespace,
) -> tuple[tuple[Webhook, ...], TRef | None]:
    found = document.webhooks()
    if not found:
        return (), None
    module = module_names.claim("unwrap_webhook_event", fold_case=True, key="webhooks")
    union_name = type_names.claim(UNION, key="webhooks")
    tagged: list[tuple[TypeExpr, tuple[str, ...]]] = []
    webhooks: list[Webhook] = []
    for hook in found:
        name, schema, at = hook.name, hook.schema, hook.at
        hint = _event_name(name) + "WebhookEvent"
        event = converter.convert(schema, hint=hint, module=module, mode="response", at=at)
        tags: tuple[str, ...] = ()
        for path in TAG_PATHS:
            tags = tags or converter.tags(schema, path, at=at)
        tagged.append((event, tags))
        alias = ""
        if isinstance(event, TRef) and event.name != hint and type_names.free(hint, at):
            alias = type_names.claim(hint, key=at)
            converter.definitions[alias] = AliasDef(
                alias, module, event, event.name, f"The `{name}` webhook event.", at
            )
        webhooks.append(
            Webhook(
                name, tags, event, annotation(event), alias, hook.summary, pointer("webhooks", name)
            )
        )

    variants = tuple(dict.fromkeys(t for t, _ in tagged))
    union: TypeExpr = TUnion(variants, discriminator(TAG_PATHS, tagged))
    if len(variants) == 1:
        union = variants[0]
    description = "Every event the API sends to your webhook URL, told apart by its event type."
    converter.definitions[union_name] = AliasDef(
        union_name, module, union, annotation(union), description, "/webhooks"
    )
    if type_names.free(UNSAFE_UNION, "webhooks unsafe"):
        unsafe = type_names.claim(UNSAFE_UNION, key="webhooks unsafe")
        converter.definitions[unsafe] = AliasDef(
            unsafe, module, TRef(union_name, module, "alias"), union_name, description
        )
    return tuple(webhooks), TRef(union_name, module, "alias")


def _event_name(name: str) -> str:
    """`callAnswered` -> `CallAnswered`, acronyms kept (`CallAIGatherEnded`), like
    the official SDK; other names (`fax.delivered`) go through `class_name`."""
    if name.isascii() and name.isalnum() and name[0].isalpha():
        return name[0].upper() + name[1:]
    return class_name(name)
