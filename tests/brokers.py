"""Real brokers and workers for the tests that need them.

``silent_broker`` is a TCP server on loopback that accepts connections, reads whatever it
is sent and never answers: a hung Redis. ``use_broker`` points this process's Celery app at
a broker (tasks are then sent for real, not run in-process). ``start_worker`` runs a real
``celery worker`` process on the test database.
"""

import contextlib
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def silent_broker() -> Iterator[str]:
    """A broker that accepts connections and never answers; yields its redis:// URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            readable, _, _ = select.select([listener, *accepted], [], [], 0.1)
            for sock in readable:
                if sock is listener:
                    accepted.append(listener.accept()[0])
                    continue
                try:
                    data = sock.recv(65536)  # read, and stay silent
                except OSError:
                    data = b""
                if not data:
                    accepted.remove(sock)
                    sock.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{port}/6"
    finally:
        stop.set()
        thread.join(timeout=5)
        for sock in [listener, *accepted]:
            sock.close()


def _reset_connections(app) -> None:
    """Close and forget the pooled broker connections (the app's and kombu's registry of
    producer pools), so the next send connects to the broker now configured."""
    from kombu import pools

    if app._pool is not None:
        with contextlib.suppress(Exception):
            app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@contextlib.contextmanager
def use_broker(url: str, queue: str | None = None) -> Iterator[None]:
    """Send this process's tasks to ``url`` (and ``queue``) for the rest of the block."""
    from config.celery import app

    saved = (
        app.conf.broker_url,
        app.conf.task_always_eager,
        app.conf.task_default_queue,
        app.conf.task_routes,
    )
    _reset_connections(app)
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    if queue:  # every task goes there, routed ones (reports) too
        app.conf.task_default_queue = queue
        _set_routes(app, {})
    try:
        yield
    finally:
        _reset_connections(app)
        (
            app.conf.broker_url,
            app.conf.task_always_eager,
            app.conf.task_default_queue,
            routes,
        ) = saved
        if queue:
            _set_routes(app, routes)


def _set_routes(app, routes) -> None:
    app.conf.task_routes = routes
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)  # the cached router holds the old table


def real_broker_url() -> str:
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no broker to use")
    return settings.REDIS_URL


def shared_database_url() -> str:
    """The test database's URL, for another process (needs PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can share (PostgreSQL)")
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(queue: str, broker_url: str) -> subprocess.Popen:
    """A real Celery worker (one process, solo pool) on ``queue``, on the test database."""
    env = {**os.environ, "DATABASE_URL": shared_database_url(), "REDIS_URL": broker_url}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            f"--queues={queue}",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_queue(label: str) -> str:
    return f"test-{label}-{os.getpid()}-{time.monotonic_ns()}"


def wait_until(condition, *, seconds: float, worker: subprocess.Popen | None = None) -> bool:
    """Poll ``condition`` until it holds (True) or ``seconds`` pass (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if worker is not None and worker.poll() is not None:
            pytest.fail(f"the worker exited:\n{worker.stdout.read()[-4000:]}")
        time.sleep(0.25)
    return False


def waiting_on_a_lock(database: str) -> bool:
    """Whether a session of ``database`` waits on a lock (a worker caught mid-task)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = "
            "'Lock' AND state = 'active'",
            [database],
        )
        return cursor.fetchone()[0] > 0
