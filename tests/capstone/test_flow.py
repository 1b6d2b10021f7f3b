"""The whole final project, end to end: each part running as deployed, on the emulators.

A small version of ``nox -s capstone``: the functions under functions-framework, the
API under gunicorn, Pub/Sub pushing to process-file. Every file's final status is
read back through the API.
"""

import urllib.parse
import uuid

import pytest

from tools.capstone import (
    DEAD_LETTER_TOPIC,
    DEMO_FILES,
    ERROR_TOPIC,
    VALID_TOPIC,
    Stack,
)

pytestmark = pytest.mark.emulator


@pytest.fixture
def stack(pubsub_emulator, firestore_emulator, tmp_path):
    with Stack(
        tmp_path,
        project=f"demo-{uuid.uuid4().hex[:12]}",
        pubsub_host=pubsub_emulator.host_port,
        firestore_host=firestore_emulator.host_port,
        log=lambda _line: None,
    ) as stack:
        yield stack
    assert all(s.process.poll() is not None for s in stack.services.values())


def test_every_upload_reaches_its_final_status_through_the_api(stack):
    expected = {
        stack.upload(name, content): final for name, content, final in DEMO_FILES
    }

    stack.wait_for_statuses(expected, timeout_s=60)

    for name, _content, final in DEMO_FILES:
        status, body = stack.api("/files/" + urllib.parse.quote(name, safe=""))
        assert status == 200
        assert (body["file"]["name"], body["file"]["status"]) == (name, final)
    status, body = stack.api("/files")
    assert (status, body["count"]) == (200, len(DEMO_FILES))
    assert sorted(m.data for m in stack.pull(f"{ERROR_TOPIC}-sub")) == [
        b'{"bucket": "uploads-demo", "name": "programme.exe", "generation": "%d", '
        % int(f["generation"])
        + b'"size": "4", "content_type": "application/octet-stream", '
        b'"reason": "Extension non autoris\xc3\xa9e (.txt, .pdf, .jpg)."}'
        for f in body["files"]
        if f["name"] == "programme.exe"
    ] + [
        b'{"bucket": "uploads-demo", "name": "vide.txt", "generation": "%d", '
        % int(f["generation"])
        + b'"size": "0", "content_type": "application/octet-stream", '
        b'"reason": "Fichier vide."}'
        for f in body["files"]
        if f["name"] == "vide.txt"
    ]


def test_an_unreadable_message_ends_in_the_dead_letter_topic(stack):
    stack.publish_raw(VALID_TOPIC, b"pas du JSON")

    dead = []
    for _ in range(60):
        dead = stack.pull(f"{DEAD_LETTER_TOPIC}-sub")
        if dead:
            break

    assert [
        (m.data, m.attributes["CloudPubSubDeadLetterSourceDeliveryCount"]) for m in dead
    ] == [(b"pas du JSON", "5")]
    log = stack.function_log_lines("process-file")
    assert sum("illisible" in line for line in log) == 5
