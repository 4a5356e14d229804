"""Command line: `python -m generator generate|ir` (a stable interface)."""

from __future__ import annotations

import argparse
import keyword
import sys
from pathlib import Path

from .errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, GeneratorError
from .pin import download_pinned, downloaded_path, read_pin
from .pipeline import Options, Progress, build, generate
from .render import ir_json

EPILOG = """\
exit codes:
  0    success
  1    generation failed (missing or malformed spec, unwritable or unsafe --out)
  2    usage error (bad arguments, unknown section name)
  3    spec violations with --strict (a broken $ref included: without --strict it is
       a warning and the spot it names is typed Any)
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
    parser.add_argument("--strict", action="store_true", help="treat spec violations as errors")


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


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "fetch-spec":
        try:
            return _fetch_spec(args.dest)
        except GeneratorError as error:
            print(str(error), file=sys.stderr)
            return error.exit_code
    sections = [s.strip() for s in args.sections.split(",") if s.strip()] if args.sections else None
    options = Options(
        spec=args.spec,
        sections=sections,
        package=args.package,
        strict=args.strict,
        **({"out": args.out, "force": args.force} if args.command == "generate" else {}),
    )
    problem = package_name_problem(args.package)
    if problem:
        print(f"error: --package {args.package!r} {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "generate":
            _check_out_spares_spec(args.out, args.spec or read_pin().default_path)
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
