"""Run a rebuild in a child process and relay its progress to the caller.

The child speaks JSON lines on stdout: progress events, then one report. If it dies (a
kill, a full disk, a crash) the parent reports a sentence and the old generation, never
touched, keeps serving.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from index.config import Config, load_config
from index.errors import DatelineError
from index.models import RebuildProgress, RebuildReport, SkippedFile

ProgressCallback = Callable[[RebuildProgress], None]
CHILD = "index.store.rebuild"


def _report_from_json(data: dict[str, Any]) -> RebuildReport:
    skipped = tuple(SkippedFile(path, reason) for path, reason in data.get("skipped", []))
    return RebuildReport(
        full=bool(data["full"]),
        added=int(data["added"]),
        updated=int(data["updated"]),
        removed=int(data["removed"]),
        unchanged=int(data["unchanged"]),
        articles=int(data["articles"]),
        skipped=skipped,
        seconds=float(data["seconds"]),
        generation=data.get("generation"),
        error=data.get("error"),
    )


def _failure(full: bool, started: float, error: str) -> RebuildReport:
    return RebuildReport(
        full=full,
        added=0,
        updated=0,
        removed=0,
        unchanged=0,
        articles=0,
        skipped=(),
        seconds=time.monotonic() - started,
        generation=None,
        error=error,
    )


def run_rebuild(
    config: Config,
    full: bool = False,
    progress: ProgressCallback | None = None,
    on_start: Callable[[subprocess.Popen[str]], None] | None = None,
    reextract_names: tuple[str, ...] = (),
    keep_warm: bool = False,
    module: str = CHILD,
    paths: Collection[str] | None = None,
) -> RebuildReport:
    """Rebuild (full) or update the index in a child process; blocks until it ends.

    Never raises for build failures: the report's `error` says what went wrong.
    `reextract_names`: an entity fix touched these names, so an update also redoes the
    articles naming them. `keep_warm`: start a spare child for the next rebuild (see
    `_Spare`). `module`: the child's entry point (this module's `main`, or a caller's
    that wraps it). `paths`: what a watcher saw change, so an update need not list the
    library (it still does when they cannot tell enough, see `named_files`).
    """
    started = time.monotonic()
    request = {
        "config": config.source,
        "roots": list(config.articles),
        "index_dir": config.index_dir,
        "full": full,
        "max_bytes": config.max_file_bytes,
        "reextract_names": list(reextract_names),
        "paths": None if paths is None or full else sorted(paths),
    }
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    # A full rebuild runs for seconds to hours: it starts its own child (the spare is kept
    # for the updates that follow it, where its 0.2 s of imports matter).
    spare = (None if full else _Spare.take(env, module)) or _Spare.start(env, module)
    if isinstance(spare, str):
        return _failure(full, started, f"Could not start the rebuild ({spare}).")
    if keep_warm:  # the next one imports on the other core while this one works
        _Spare.keep(env, module)
    return _run_child(spare, request, full, started, progress, on_start)


class _Spare:
    """A rebuild child started ahead of time, waiting on stdin for its request.

    Starting Python and importing the builder (Whoosh, the extractor) costs ~0.2 s, as
    much as updating the index for one changed file: a library that rebuilds keeps one
    child ready, so the next update pays only for its own work. The child exits when its
    stdin closes (the parent died or dropped it).
    """

    _lock = threading.Lock()
    _ready: _Spare | None = None

    def __init__(
        self, child: subprocess.Popen[str], errors: IO[str], env: dict[str, str], module: str
    ):
        self.child = child
        self.errors = errors
        self.env = env
        self.module = module

    @classmethod
    def start(cls, env: dict[str, str], module: str) -> _Spare | str:
        """A new waiting child, or why it could not start."""
        # Not a `with`: the file lives as long as the spare and its rebuild.
        errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")  # noqa: SIM115
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", module, "--stdin"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,  # a file, not a pipe: a chatty child must never block on it
                text=True,
                env=env,
            )
        except OSError as error:
            errors.close()
            return str(error.strerror)
        return cls(child, errors, env, module)

    @classmethod
    def take(cls, env: dict[str, str], module: str) -> _Spare | None:
        """The waiting child, if one is alive and was started with this environment."""
        with cls._lock:
            spare, cls._ready = cls._ready, None
        if spare is None:
            return None
        if spare.env == env and spare.module == module and spare.child.poll() is None:
            return spare
        spare.discard()
        return None

    @classmethod
    def keep(cls, env: dict[str, str], module: str) -> None:
        """Have a child waiting for the next rebuild."""
        with cls._lock:
            if cls._ready is not None:
                return
        spare = cls.start(env, module)
        if isinstance(spare, str):
            return
        with cls._lock:
            if cls._ready is None:
                cls._ready, spare = spare, None  # type: ignore[assignment]
        if spare is not None:
            spare.discard()

    @classmethod
    def drop(cls) -> None:
        """Stop the waiting child, if any."""
        with cls._lock:
            spare, cls._ready = cls._ready, None
        if spare is not None:
            spare.discard()

    def discard(self) -> None:
        """Close the child's stdin (it exits) and reap it."""
        with contextlib.suppress(OSError, ValueError):
            if self.child.stdin is not None:
                self.child.stdin.close()
        with contextlib.suppress(OSError):
            self.child.kill()
        with contextlib.suppress(Exception):
            self.child.wait(timeout=5)
        for stream in (self.child.stdout, self.errors):
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.close()


def drop_spare() -> None:
    """Stop the rebuild child kept waiting (see `run_rebuild(keep_warm=True)`)."""
    _Spare.drop()


def _run_child(
    spare: _Spare,
    request: dict[str, Any],
    full: bool,
    started: float,
    progress: ProgressCallback | None,
    on_start: Callable[[subprocess.Popen[str]], None] | None,
) -> RebuildReport:
    """Send the child its request, relay its progress and turn its end into a report."""
    child, errors = spare.child, spare.errors
    report: RebuildReport | None = None
    try:
        if on_start is not None:
            on_start(child)
        assert child.stdin is not None
        try:
            child.stdin.write(json.dumps(request) + "\n")
            child.stdin.close()
        except OSError:
            pass  # the child died: its exit code says how, below
        assert child.stdout is not None
        for line in child.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "progress" and progress is not None:
                progress(RebuildProgress(event["done"], event["total"], event["phase"]))
            elif event.get("event") == "report":
                report = _report_from_json(event["report"])
        if report is not None:
            # Published: the child may still be deriving tables (see `main(after=)`); it
            # ends on its own, reaped here without making the caller wait.
            threading.Thread(target=_reap, args=(child, errors), daemon=True).start()
            return report
        code = child.wait()
    finally:
        if report is None and child.poll() is None:  # the caller's callback failed
            child.kill()  # never leave an orphan
            child.wait()
        if child.stdout is not None:
            child.stdout.close()
    errors.seek(0)
    stderr = errors.read()[-4000:]
    errors.close()
    if code < 0:
        return _failure(full, started, "The rebuild was stopped; the previous index keeps serving.")
    last = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit code {code}"
    return _failure(
        full, started, f"The rebuild failed ({last}); the previous index keeps serving."
    )


def _reap(child: subprocess.Popen[str], errors: IO[str]) -> None:
    with contextlib.suppress(Exception):
        child.wait()
    errors.close()


def _emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None, after: Callable[[Any], None] | None = None) -> int:
    """Child entry point: build, then print one JSON report line.

    `after(request)` runs once a build is published and reported (stdout closed, so the
    parent goes on): derived tables a higher layer keeps beside the generation.
    """
    from index.store.build import build  # heavy imports only in the child
    from index.store.build_request import BuildRequest

    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "--stdin":  # a spare child: imports done, wait for the request
        line = sys.stdin.readline()
        if not line.strip():
            return 0  # dropped before being used
        args = [line]
    request = json.loads(args[0])
    started = time.monotonic()
    config = load_config(request["config"]) if request.get("config") else None
    rules = config.entities if config is not None else empty_entity_rules()
    build_request = BuildRequest(
        roots=tuple(request["roots"]),
        index_dir=request["index_dir"],
        full=bool(request["full"]),
        max_bytes=int(request["max_bytes"]),
        rules=rules,
        workers=min(2, os.cpu_count() or 1),
        reextract_names=tuple(str(n) for n in request.get("reextract_names", ())),
        paths=None if request.get("paths") is None else tuple(map(str, request["paths"])),
    )

    def progress(p: RebuildProgress) -> None:
        _emit({"event": "progress", "done": p.done, "total": p.total, "phase": p.phase})

    try:
        report = build(build_request, progress)
    except DatelineError as error:  # busy, an unsafe index folder, a missing article folder
        report = _failure(build_request.full, started, str(error))
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        report = _failure(
            build_request.full,
            started,
            f"The rebuild could not write the index: {error.strerror}{where}; "
            "the previous index keeps serving.",
        )
    data = asdict(report)
    data["skipped"] = [[s.path, s.reason] for s in report.skipped]
    _emit({"event": "report", "report": data})
    if after is not None and report.error is None:
        # End the parent's read (EOF) now: fd 1 itself, as sys.stdout never closes it.
        sys.stdout.flush()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
        after(build_request)
    return 0


def empty_entity_rules() -> Any:
    """Entity rules when no config file is in use: none."""
    from index.extract.corrections import EntityRules

    return EntityRules()


if __name__ == "__main__":
    exit_code = main()
    # Everything is committed, fsynced and reported, and the parent waits for this
    # process to end: skip the interpreter's teardown (~50 ms of freeing modules).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(exit_code)
