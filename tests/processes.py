"""Stopping a server process a test started: politely, then for sure."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """Terminate ``process``; kill it if it is still running after ``grace`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
