"""A real `qa serve` process on a free loopback port, for benchmarks that load it from outside."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    with open(f"/proc/{pid}/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmRSS")) / 1024


@contextmanager
def qa_server(timeout_s: float = 600, env_extra: dict[str, str] | None = None
              ) -> Iterator[tuple[str, subprocess.Popen, float]]:
    """Start `qa serve` (rate limit off), wait for /api/health; yields (url, process, seconds to ready).

    `env_extra` sets more QA_* settings for the server (QA_ENCODER_BACKEND, QA_INDEX_DIR ...)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "QA_RATE_LIMIT_PER_MINUTE": "0", **(env_extra or {})}
    log = open(os.environ.get("QA_BENCH_SERVER_LOG", os.devnull), "a")  # noqa: SIM115 (closed with the process)
    server = subprocess.Popen([sys.executable, "-m", "qa.cli", "serve", "--port", str(port)], env=env,
                              stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    try:
        while True:
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.perf_counter() - started > timeout_s:
                raise SystemExit("server did not become ready")
            time.sleep(0.2)
        yield url, server, time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a server holding many GB can take longer to wind down: measured already
            server.kill()
            server.wait()
        log.close()
