"""Start the real ``termbase serve`` process on a free loopback port, and stop it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx


@dataclass
class RunningServer:
    url: str
    process: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)  # type: ignore[arg-type]

    def stderr_lines(self) -> list[str]:
        return list(self.log)


@contextmanager
def serve(
    *args: str, token: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Iterator[RunningServer]:
    """``termbase serve --port 0 ARGS``: yields once /healthz answers; stops it (SIGINT) after."""
    environ = {**os.environ, **(env or {})}
    environ.pop("TERMBASE_TOKEN", None)
    environ.pop("TERMBASE_DB", None)
    if token is not None:
        environ["TERMBASE_TOKEN"] = token
    process = subprocess.Popen(
        [sys.executable, "-m", "termbase", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
        cwd=cwd,
    )
    assert process.stdout is not None and process.stderr is not None
    line = process.stdout.readline()
    if not line.startswith("termbase: http://"):
        process.kill()
        raise AssertionError(f"no URL printed: {line!r} {process.stderr.read()}")
    url = line.split(" ", 1)[1].strip().rstrip("/")
    running = RunningServer(url, process)

    def drain(stream: object) -> None:
        for text in stream:  # type: ignore[attr-defined]
            running.log.append(text.rstrip("\n"))

    threading.Thread(target=drain, args=(process.stderr,), daemon=True).start()
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/healthz", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the server did not start:\n" + "\n".join(running.log))
        time.sleep(0.1)
    try:
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
