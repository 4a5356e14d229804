"""Command line: `python -m generator generate|ir|fetch-spec|diff|update-spec` (a stable interface)."""

from __future__ import annotations

import argparse
import keyword
import sys
from pathlib import Path

from . import ROOT, maintain
from .errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, GeneratorError
from .pin import download_pinned, downloaded_path, read_pin, sha256_of
from .pipeline import Options, Progress, build, generate
from .render import ir_json
from .report import SUMMARY_LIMIT

EPILOG = """\
exit codes:
  0    success
  1    generation failed (missing or malformed spec, unwritable or unsafe --out)
  2    usage error (bad arguments, unknown section name)
  3    spec violations or parts generated through a fallback, with --strict (a broken
       $ref included: without --strict it is a warning and the spot it names is typed Any)
  130  interrupted (the output directory is left as it was)
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--spec",
        type=Path,
        help="OpenAPI 3.0/3.1 document, JSON or YAML (default: the pinned Telnyx spec, see specs/telnyx.yaml)",
    )
    parser.add_argument(
        "--sections",
        help="comma-separated section names from specs/sections.yaml, or 'all' for every operation (default: the file's default sections)",
    )
    parser.add_argument(
        "--package", default="telnyx_client", help="Python package name (default: telnyx_client)"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (spec violations, parts generated through a fallback) as errors",
    )
    parser.add_argument(
        "--warnings",
        choices=("summary", "all"),
        default="summary",
        help=f"print the first {SUMMARY_LIMIT} warnings and count the rest, or all of them "
        "(default: summary)",
    )
    parser.add_argument(
        "--warnings-json",
        type=Path,
        metavar="FILE",
        help="also write every warning (stage, kind, JSON pointer, message) and the counts "
        "by kind to FILE as JSON",
    )


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate a typed Python client from an OpenAPI document.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = root.add_subparsers(dest="command", required=True)
    gen = commands.add_parser(
        "generate",
        help="write the client package",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(gen)
    gen.add_argument(
        "--out", type=Path, default=Path("generated"), help="output directory (default: generated/)"
    )
    gen.add_argument(
        "--force",
        action="store_true",
        help="write into a directory holding files the generator did not write",
    )
    gen.add_argument("--quiet", action="store_true", help="no progress lines")
    ir = commands.add_parser(
        "ir",
        help="print the intermediate representation as JSON",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(ir)
    fetch = commands.add_parser(
        "fetch-spec",
        help="download the pinned spec (specs/telnyx.yaml) and verify its sha256",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fetch.add_argument(
        "--dest",
        type=Path,
        help="where to write it (default: the user cache, where generate looks "
        "when the pin's default path is missing)",
    )
    diff = commands.add_parser(
        "diff",
        help="the API changelog between two versions, as Markdown (breaking/additive, semver bump)",
        description="Compare what users see: methods, parameters, types, fields, enum values, "
        "pagination, servers. OLD and NEW are specs, generated directories or api.json files; "
        "by default OLD is generated/ and NEW the pinned spec.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument("old", type=Path, nargs="?", help="default: generated/")
    diff.add_argument("new", type=Path, nargs="?", help="default: the pinned spec")
    update = commands.add_parser(
        "update-spec",
        help="pin a new upstream spec: download, verify, update specs/telnyx.yaml, regenerate, "
        "print the changelog",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = update.add_mutually_exclusive_group(required=True)
    which.add_argument("--commit", help="upstream commit: the pinned URL at that commit")
    which.add_argument("--url", help="the new spec's URL")
    update.add_argument(
        "--out",
        type=Path,
        default=ROOT / "generated",
        help="output directory (default: generated/)",
    )
    return root


# What the generated package imports: a package of the same name would shadow it.
_DEPENDENCIES = frozenset(
    {"httpx", "pydantic", "pydantic_core", "typing_extensions", "cryptography"}
)


def package_name_problem(name: str) -> str | None:
    """Why `name` cannot be the generated package's import name, or None if it can."""
    if not (name.isascii() and name.isidentifier()):
        return "is not a valid Python package name (ASCII letters, digits and _)"
    if keyword.iskeyword(name):
        return "is a Python keyword"
    if name in sys.stdlib_module_names or name in _DEPENDENCIES:
        return (
            "would shadow the module of that name (standard library or a dependency of the client)"
        )
    return None


def _check_out_spares_spec(out: Path, spec: Path) -> None:
    """The swap replaces all of --out: it must not hold the spec it is generated from."""
    target, source = out.resolve(), spec.resolve()
    if source.is_relative_to(target):
        raise GeneratorError(
            f"refusing to write into {target}: it holds the spec {source}; "
            "choose a dedicated output directory",
            file=str(out),
        )


def _fetch_spec(dest: Path | None) -> int:
    pin = read_pin()
    target = dest or downloaded_path(pin)
    if target is None:
        raise GeneratorError("no user cache directory (set XDG_CACHE_HOME) and no --dest")
    print(f"fetching {pin.source_url}", file=sys.stderr)
    print(download_pinned(target, pin))
    return EXIT_OK


def _warn_if_unpinned_into_pinned_output(spec: Path, out: Path) -> None:
    """generated/ is the pinned spec's output: another spec there fails the drift check."""
    if out.resolve() != (ROOT / "generated").resolve():
        return
    pin = read_pin()
    try:
        other = spec.resolve() != pin.default_path and sha256_of(spec) != pin.sha256
    except OSError:
        return  # the load stage reports an unreadable spec
    if other:
        print(
            f"warning: writing the pinned output {out} from {spec}, which is not the pinned spec "
            f"(sha256 {pin.sha256[:12]}...); `make check-drift` will fail until it is "
            "regenerated. To move the pin, use `make update-spec COMMIT=...`.",
            file=sys.stderr,
        )


def _maintainer(args: argparse.Namespace) -> int:
    if args.command == "fetch-spec":
        return _fetch_spec(args.dest)
    if args.command == "diff":
        return maintain.diff(args.old, args.new, out=sys.stdout, err=sys.stderr)
    result = maintain.update_spec(commit=args.commit, url=args.url, out=args.out)
    sys.stdout.write(result.text)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command in ("fetch-spec", "diff", "update-spec"):
        try:
            return _maintainer(args)
        except GeneratorError as error:
            print(str(error), file=sys.stderr)
            return error.exit_code
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
    sections = [s.strip() for s in args.sections.split(",") if s.strip()] if args.sections else None
    options = Options(
        spec=args.spec,
        sections=sections,
        package=args.package,
        strict=args.strict,
        warnings=args.warnings,
        warnings_json=args.warnings_json,
        **({"out": args.out, "force": args.force} if args.command == "generate" else {}),
    )
    problem = package_name_problem(args.package)
    if problem:
        print(f"error: --package {args.package!r} {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "generate":
            _check_out_spares_spec(args.out, args.spec or read_pin().default_path)
            if args.spec is not None:
                _warn_if_unpinned_into_pinned_output(args.spec, args.out)
            generate(options, Progress(quiet=args.quiet))
        else:
            sys.stdout.write(ir_json(build(options, Progress(quiet=True))))
    except GeneratorError as error:
        print(str(error), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted: the output directory was left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK
