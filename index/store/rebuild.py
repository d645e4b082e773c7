"""Run a rebuild in a child process and relay its progress to the caller.

The child speaks JSON lines on stdout: progress events, then one report. If it dies (a
kill, a full disk, a crash) the parent reports a sentence and the old generation, never
touched, keeps serving.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from index.config import Config, load_config
from index.errors import DatelineError
from index.models import RebuildProgress, RebuildReport, SkippedFile

ProgressCallback = Callable[[RebuildProgress], None]


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
) -> RebuildReport:
    """Rebuild (full) or update the index in a child process; blocks until it ends.

    `reextract_names`: an entity fix touched these names, so an update also redoes the
    articles naming them. Never raises for build failures: the report's `error` says
    what went wrong.
    """
    started = time.monotonic()
    request = {
        "config": config.source,
        "roots": list(config.articles),
        "index_dir": config.index_dir,
        "full": full,
        "max_bytes": config.max_file_bytes,
        "reextract_names": list(reextract_names),
    }
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as errors:
        return _run_child(request, env, errors, full, started, progress, on_start)


def _run_child(
    request: dict[str, Any],
    env: dict[str, str],
    errors: IO[str],
    full: bool,
    started: float,
    progress: ProgressCallback | None,
    on_start: Callable[[subprocess.Popen[str]], None] | None,
) -> RebuildReport:
    """Start the child, relay its progress and turn its end into a report."""
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "index.store.rebuild", json.dumps(request)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,  # a file, not a pipe: a chatty child must never block on it
            text=True,
            env=env,
        )
    except OSError as error:
        return _failure(full, started, f"Could not start the rebuild ({error.strerror}).")
    report: RebuildReport | None = None
    try:
        if on_start is not None:
            on_start(child)
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
        code = child.wait()
    finally:
        if child.poll() is None:  # the caller's callback failed: never leave an orphan
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()
    errors.seek(0)
    stderr = errors.read()[-4000:]
    if report is not None:
        return report
    if code < 0:
        return _failure(full, started, "The rebuild was stopped; the previous index keeps serving.")
    last = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit code {code}"
    return _failure(
        full, started, f"The rebuild failed ({last}); the previous index keeps serving."
    )


def _emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Child entry point: build, then print one JSON report line."""
    from index.store.build import BuildRequest, build  # heavy imports only in the child

    args = sys.argv[1:] if argv is None else argv
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
