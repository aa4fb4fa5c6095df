"""A real OpenID Connect provider for the single sign-on tests: node's ``oidc-provider``
(tests/oidc_provider, installed by bin/test with ``npm ci``) on a free loopback port."""

import json
import os
import select
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc_provider"


@dataclass
class OIDCProvider:
    issuer: str
    client_id: str
    client_secret: str
    process: subprocess.Popen = field(repr=False)

    def add_users(self, *users: dict) -> None:
        """``{"email": …, "email_verified": bool, "name": …}`` (replacing the same e-mail)."""
        request = urllib.request.Request(
            f"{self.issuer}/_test/users",
            data=json.dumps(list(users)).encode(),
            headers={"content-type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def unavailable() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (apt-get install nodejs npm)"
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return f"run `npm ci` in {PROVIDER_DIR} (bin/test does)"
    return None


def start(redirect_uris: list[str], *, client_id: str, client_secret: str) -> OIDCProvider:
    problem = unavailable()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"The OpenID Connect test provider cannot start: {problem}")
        pytest.skip(problem)
    config = {
        "port": 0,  # the server listens first and says which port it got: no race
        "host": "127.0.0.1",
        "require_pkce": True,
        "clients": [
            {
                "client_id": client_id,
                "client_secret": client_secret,
                "redirect_uris": redirect_uris,
            }
        ],
        "users": [],
    }
    process = subprocess.Popen(
        ["node", "server.mjs", "-"],
        cwd=PROVIDER_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    process.stdin.write(json.dumps(config))
    process.stdin.close()
    deadline = time.monotonic() + 20
    line = ""
    while time.monotonic() < deadline and not line:
        if process.poll() is not None:
            raise RuntimeError(f"The OpenID Connect test provider exited ({process.returncode})")
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        if ready:
            line = process.stdout.readline()
    if not line:
        process.kill()
        raise RuntimeError("The OpenID Connect test provider did not start in time")
    return OIDCProvider(json.loads(line)["issuer"], client_id, client_secret, process)
