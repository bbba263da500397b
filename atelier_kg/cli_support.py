"""What the command line needs beside its commands: every refusal as one line with its exit code,
the language of messages, a last resort against tracebacks, and the options commands share.

Exit codes: 0 done (warnings allowed), 1 the data does not conform or a query, release or push
was refused, 2 an input cannot be read (one line, `file:line: what to do`), 70 a bug.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn

import click

from . import present
from .messages import LANGS, CodedError, EntryError, default_lang, inline, message
from .project import NotConforming, Project

EXIT_INVALID, EXIT_INPUT, EXIT_INTERNAL = 1, 2, 70  # 70, EX_SOFTWARE: a bug, not the user's input
DEBUG_VARIABLE = "ATELIER_KG_DEBUG"


class Settings:
    def __init__(self, lang: str, project: Project) -> None:
        self.lang = lang
        self.project = project


# -- errors become one line and an exit code -------------------------------------------------------


class Main(click.Group):
    """The group: every refusal that reaches it becomes one line and its exit code."""

    def make_context(self, info_name, args, parent=None, **extra):  # type: ignore[no-untyped-def]
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            _usage_line(error)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        lang = _lang_of(ctx)
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            _usage_line(error)
        except NotConforming as error:
            click.echo(present.validation_report(error.report, _lang_of(ctx), "text", False), err=True)
            _exit(message("not_conform", _lang_of(ctx)), EXIT_INVALID)
        except EntryError as error:
            _exit(error.message(_lang_of(ctx)), EXIT_INPUT)
        except CodedError as error:  # a query, release or push refused
            _exit(error.message(_lang_of(ctx)), EXIT_INPUT if error.code == "graph_format" else EXIT_INVALID)
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # the reader went away (| head): click leaves quietly
            _exit(_io_line(error, lang), EXIT_INPUT)


def _exit(text: str, code: int) -> NoReturn:
    click.echo(text, err=True)
    sys.exit(code)


def _io_line(error: OSError, lang: str) -> str:
    """An OSError on one line: the file (ours to name) and the system's reason, never file content."""
    named = isinstance(error.filename, (str, bytes, os.PathLike))
    place = inline(os.fsdecode(error.filename)) if named else "atelier-kg"
    return f"{place}: {message('io_error', lang, problem=error.strerror or type(error).__name__)}"


def _usage_line(error: click.UsageError) -> NoReturn:
    """A wrong option or argument on one line (click would print the usage around it)."""
    if isinstance(error, getattr(click.exceptions, "NoArgsIsHelpError", ())):
        raise error  # no arguments at all: the help is what the user needs
    command = error.ctx.command_path if error.ctx is not None else "atelier-kg"
    _exit(f"{command}: {inline(error.format_message())} ({command} --help)", error.exit_code)


def _lang_of(ctx: click.Context | None) -> str:
    settings = getattr(ctx, "obj", None) if ctx is not None else None
    return getattr(settings, "lang", None) or _lang_of_arguments(sys.argv[1:])


def _lang_of_arguments(arguments: list[str]) -> str:
    for index, argument in enumerate(arguments):
        if argument == "--lang" and index + 1 < len(arguments) and arguments[index + 1] in LANGS:
            return arguments[index + 1]
        if argument.startswith("--lang=") and argument[7:] in LANGS:
            return argument[7:]
    return default_lang()


def run_guarded(main: Callable[[], Any]) -> None:
    """Run the command line with a last resort so that no user ever sees a traceback.

    A bug becomes one line and exit 70 (the traceback with ATELIER_KG_DEBUG=1); the exception's
    own text is not shown, as it may quote a file that is not ours.
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a terminal that is not UTF-8 gets escapes, not a crash
            stream.reconfigure(errors="backslashreplace")
    try:
        main()
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        lang = _lang_of(click.get_current_context(silent=True))
        _exit(f"atelier-kg: {message('internal_error', lang, kind=type(error).__name__)}", EXIT_INTERNAL)


def echo(lines: Iterable[str]) -> None:
    for line in lines:
        click.echo(line)


# -- shared options ------------------------------------------------------------------------------

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def out_option(default: str, what: str) -> Decorator:
    return click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
                        default=Path(default), show_default=True, help=what)


timeout_option = click.option("--timeout", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
                              help="Seconds after which a SPARQL query is stopped (waiting included).")


def limits_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """What one SPARQL query may use: memory of its worker, bytes of its answer."""
    command = click.option(
        "--max-answer", type=click.IntRange(min=1), default=None,
        help="Most MiB an answer may hold (default: 256 for query, 16 for serve).")(command)
    return click.option("--max-memory", type=click.IntRange(min=64), default=1024, show_default=True,
                        help="Most MiB of memory a query's worker may use beyond the graph.")(command)


def ontology_option(command: Callable[..., Any]) -> Callable[..., Any]:
    def use(context: click.Context, _: click.Parameter, path: Path) -> Path:
        context.ensure_object(Settings).project.ontology = path
        return path

    return click.option("--ontology", type=click.Path(path_type=Path, dir_okay=False, exists=True),
                        default=Path("ontology/atelier.ttl"), show_default=True, expose_value=False,
                        callback=use, help="The vocabulary to document.")(command)


def queries_option(command: Callable[..., Any]) -> Callable[..., Any]:
    def use(context: click.Context, _: click.Parameter, path: Path) -> Path:
        context.ensure_object(Settings).project.queries = path
        return path

    return click.option("--queries", "queries_dir", type=click.Path(path_type=Path, file_okay=False),
                        default=Path("queries"), show_default=True, expose_value=False, callback=use,
                        help="Folder of the saved queries.")(command)


def limits(max_memory: int, max_answer: int | None, default_answer: int):  # type: ignore[no-untyped-def]
    from .query import Limits

    return Limits(max_memory, max_answer or default_answer)
