"""items-api served by gunicorn exactly as its Dockerfile starts it, on 127.0.0.1.

The command comes from the Dockerfile's CMD, so this test breaks if the two drift;
only the bind host changes, from every interface to the loopback one.
"""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.support import SAMPLES, require
from tools.emulators import HOST, free_port, stop_process_group

SAMPLE = SAMPLES / "exercises" / "items-api"
STARTUP_TIMEOUT_S = 30

# Straight to 127.0.0.1: no proxy from the environment may sit in between.
http = requests.Session()
http.trust_env = False


def dockerfile_command() -> list[str]:
    """The exec-form CMD of the Dockerfile, as a list of arguments."""
    lines = (SAMPLE / "Dockerfile").read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines if line.startswith("CMD ")]
    assert len(commands) == 1, commands
    return json.loads(commands[0].removeprefix("CMD "))


def on_loopback(command: list[str]) -> list[str]:
    """The same command, with gunicorn's --bind host replaced by 127.0.0.1."""
    *shell, script = command
    bind = re.compile(r'--bind "[^":]*:')
    assert len(bind.findall(script)) == 1, script
    return [*shell, bind.sub(f'--bind "{HOST}:', script)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    venv_bin = Path(sys.executable).parent
    require((venv_bin / "gunicorn").exists(), "gunicorn is not installed here")
    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {
        **os.environ,
        "PORT": str(port),
        "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    with log.open("wb") as sink:
        process = subprocess.Popen(
            on_loopback(dockerfile_command()),
            cwd=SAMPLE,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            assert process.poll() is None, log.read_text()
            try:
                http.get(f"{url}/health", timeout=1)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        yield url, log
    finally:
        stop_process_group(process)


def test_dockerfile_runs_gunicorn_with_one_worker_and_threads():
    script = dockerfile_command()[-1]

    assert dockerfile_command()[:2] == ["sh", "-c"]
    assert script.startswith("exec gunicorn ")
    assert "--workers 1 --threads 8" in script
    assert script.endswith(" main:app")


def test_gunicorn_serves_the_api_on_loopback_only(server):
    url, log = server

    assert f"Listening at: {url} " in log.read_text()
    assert "Using worker: gthread" in log.read_text()


def test_gunicorn_serves_every_route(server):
    url, _ = server

    health = http.get(f"{url}/health", timeout=5)
    created = http.post(f"{url}/items", json={"name": "Widget"}, timeout=5)
    item = created.json()
    fetched = http.get(f"{url}/items/{item['id']}", timeout=5)
    listed = http.get(f"{url}/items", timeout=5)

    assert (health.status_code, health.json()) == (200, {"status": "healthy"})
    assert created.status_code == 201
    assert item == {"id": item["id"], "name": "Widget", "description": ""}
    assert created.headers["Location"] == f"/items/{item['id']}"
    assert (fetched.status_code, fetched.json()) == (200, item)
    assert listed.status_code == 200
    assert item in listed.json()


def test_gunicorn_answers_errors_in_json(server):
    url, _ = server

    unknown = http.get(f"{url}/items/inconnu", timeout=5)
    no_route = http.get(f"{url}/nulle-part", timeout=5)
    wrong_method = http.delete(f"{url}/items", timeout=5)

    assert (unknown.status_code, unknown.json()) == (
        404,
        {"error": "Article introuvable."},
    )
    assert (no_route.status_code, no_route.json()) == (
        404,
        {"error": "Ressource introuvable."},
    )
    assert (wrong_method.status_code, wrong_method.json()) == (
        405,
        {"error": "Méthode non autorisée sur cette ressource."},
    )


def test_gunicorn_bounds_a_chunked_body(server):
    url, _ = server
    # A generator makes requests send the body chunked, without Content-Length.
    chunks = (part for part in [b'{"name": "', b"x" * 10_000, b'"}'])

    response = http.post(
        f"{url}/items",
        data=chunks,
        headers={"Content-Type": "application/json"},
        timeout=5,
    )

    assert (response.status_code, response.json()) == (
        413,
        {"error": "Le corps dépasse 10000 octets."},
    )
