"""One error type for every way generation can fail, with where it happened."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_ERROR = 1  # generation failed: bad spec, unwritable or unsafe output
EXIT_USAGE = 2  # bad command line, unknown section
EXIT_VALIDATION = 3  # spec violations under --strict
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C


class GeneratorError(Exception):
    """A problem the user can fix; `str()` is the one line the CLI prints.

    Stages raise this and nothing else for expected failures, so the CLI needs
    one `except` and one exit code attribute.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        pointer: str | None = None,
        line: int | None = None,
        column: int | None = None,
        exit_code: int = EXIT_ERROR,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.pointer = pointer
        self.line = line
        self.column = column
        self.exit_code = exit_code

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        if self.pointer is not None:
            # "" is the JSON pointer of the whole document; print it as "/" so it is visible.
            where += f"{self.pointer or '/'}: "
        return f"error: {where}{self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only fields would be lost when pickled (e.g. across a process pool).
        return (
            _rebuild,
            (self.message, self.file, self.pointer, self.line, self.column, self.exit_code),
        )


def _rebuild(
    message: str,
    file: str | None,
    pointer: str | None,
    line: int | None,
    column: int | None,
    exit_code: int,
) -> GeneratorError:
    return GeneratorError(
        message, file=file, pointer=pointer, line=line, column=column, exit_code=exit_code
    )


@dataclass(frozen=True)
class Diagnostic:
    """A spec violation: reported as a warning, an error under --strict."""

    kind: str  # short category, e.g. "default-null-not-allowed"
    pointer: str  # JSON pointer into the spec ("" = the whole document)
    message: str  # one line

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message} [{self.kind}]"
