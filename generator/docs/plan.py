"""Documentation facts added to the IR: example calls, guides, README picks, URLs.

They need the spec document (example values) and `specs/` configuration (sections,
`specs/docs.yaml`), which the IR builder does not see; the templates then only
loop over them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from ..errors import GeneratorError
from ..ir.model import IR, Guide
from ..select import SectionsConfig
from .examples import examples


@dataclasses.dataclass(frozen=True)
class DocsConfig:
    readme_first: tuple[str, ...] = ()  # "METHOD /path"
    project_urls: tuple[tuple[str, str], ...] = ()


def load_docs_config(path: Path) -> DocsConfig:
    if not path.exists():
        return DocsConfig()
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    first = data.get("readme_first") or []
    urls = data.get("project_urls") or {}
    if not isinstance(first, list) or not isinstance(urls, dict):
        raise GeneratorError("readme_first must be a list, project_urls a mapping", file=str(path))
    return DocsConfig(
        readme_first=tuple(str(k) for k in first),
        project_urls=tuple((str(k), str(v)) for k, v in urls.items()),
    )


def with_docs(
    ir: IR, document: dict[str, Any], sections: SectionsConfig | None, config: DocsConfig
) -> IR:
    """`ir` with the documentation facts; no sections: no guides (another API's tags)."""
    by_key = {
        f"{op.http_method.upper()} {op.path}": op.python_method
        for op in ir.operations
        if not op.twin_of  # the route's own method stands for it
    }
    guides = []
    for name, section in sorted((sections.sections if sections else {}).items()):
        tags = set(section.tags)
        ops = [op for op in ir.operations if tags & set(op.tags)]
        if ops:
            used = tuple(sorted(tags & {t for op in ops for t in op.tags}))
            guides.append(Guide(name, used, tuple(op.python_method for op in ops)))
    return dataclasses.replace(
        ir,
        examples=examples(ir.operations, document),
        guides=tuple(guides),
        readme_first=tuple(by_key[k] for k in config.readme_first if k in by_key),
        project_urls=config.project_urls,
    )
