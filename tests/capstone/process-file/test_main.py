"""process-file through functions-framework, on the Firestore emulator."""

import base64
import datetime
import hashlib
import json
import logging

import pytest

from tests.capstone.events import post_binary, post_structured, pubsub_event

pytestmark = pytest.mark.emulator

SAMPLE = "capstone/process-file"
FILE = {"bucket": "uploads-demo", "name": "rapport.txt", "generation": "7"}
DOC_ID = hashlib.sha256(b"uploads-demo/rapport.txt#7").hexdigest()


@pytest.fixture
def client(load_sample, cloud):
    return load_sample(SAMPLE, "process_file", "cloudevent").test_client()


@pytest.fixture
def validated(cloud):
    """The record validate-file leaves behind for FILE."""
    ref = cloud.db.collection("files").document(DOC_ID)
    ref.set({**FILE, "status": "valid", "reason": None, "processed_at": None})
    return ref


def payload(**fields) -> bytes:
    return json.dumps({**FILE, "size": "12", **fields}).encode()


def push_body(data: str, message_id: str = "msg-1") -> dict:
    """What a Pub/Sub push subscription POSTs to the function's URL."""
    return {
        "message": {"data": data, "messageId": message_id, "attributes": {}},
        "subscription": "projects/demo/subscriptions/process-file-push",
    }


@pytest.mark.parametrize("post", [post_binary, post_structured])
def test_process_file_marks_a_validated_file_processed(
    client, cloud, validated, caplog, post
):
    caplog.set_level(logging.INFO)
    before = datetime.datetime.now(datetime.UTC)

    response = post(client, pubsub_event(payload()))

    assert response.status_code == 200
    record = cloud.documents()[DOC_ID]
    assert {k: record[k] for k in ("name", "status", "reason", "message_id")} == {
        "name": "rapport.txt",
        "status": "processed",
        "reason": None,
        "message_id": "msg-1",
    }
    assert record["processed_at"] >= before
    assert "Fichier traité : 'rapport.txt' message msg-1" in caplog.messages


def test_process_file_accepts_the_raw_push_body(client, cloud, validated, caplog):
    caplog.set_level(logging.INFO)
    data = base64.b64encode(payload()).decode()

    # The topic comes from the URL path, as for a push endpoint.
    response = client.post(
        "/projects/demo/topics/file-validated", json=push_body(data, "4242")
    )

    assert response.status_code == 200
    assert cloud.documents()[DOC_ID]["status"] == "processed"
    assert "Fichier traité : 'rapport.txt' message 4242" in caplog.messages


def test_process_file_records_a_redelivered_message_once(
    client, cloud, validated, caplog
):
    caplog.set_level(logging.INFO)
    event = pubsub_event(payload())
    post_binary(client, event)
    first = cloud.documents()

    response = post_binary(client, event)

    assert response.status_code == 200
    assert cloud.documents() == first
    assert caplog.messages.count("Fichier traité : 'rapport.txt' message msg-1") == 1
    assert "Déjà traité, doublon ignoré : 'rapport.txt' message msg-1" in (
        caplog.messages
    )


def test_process_file_records_a_file_it_never_saw_validated(client, cloud):
    name = 'l\'été "2026"/photo à Noël.jpg'
    message = {"bucket": "uploads-demo", "name": name, "generation": "3"}
    doc_id = hashlib.sha256(f"uploads-demo/{name}#3".encode()).hexdigest()

    post_binary(client, pubsub_event(json.dumps(message).encode()))

    record = cloud.documents()[doc_id]
    assert {k: record[k] for k in (*message, "status", "reason", "uploaded_at")} == {
        **message,
        "status": "processed",
        "reason": None,
        "uploaded_at": None,
    }


def test_process_file_leaves_a_rejected_file_alone(client, cloud, validated, caplog):
    validated.update({"status": "rejected", "reason": "Fichier vide."})

    response = post_binary(client, pubsub_event(payload()))

    assert response.status_code == 200
    assert cloud.documents()[DOC_ID]["status"] == "rejected"
    assert "Fichier rejeté, non traité : 'rapport.txt' message msg-1" in (
        caplog.messages
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (push_body("%%% pas du base64 %%%"), "ni base64 ni JSON (Error)"),
        (
            push_body(base64.b64encode(b"\xc3\x28 latin-1").decode()),
            "ni base64 ni JSON (UnicodeDecodeError)",
        ),
        (
            push_body(base64.b64encode(b"pas du JSON").decode()),
            "ni base64 ni JSON (JSONDecodeError)",
        ),
        (push_body(base64.b64encode(b"[1, 2]").decode()), "le JSON n'est pas un objet"),
        (
            push_body(base64.b64encode(b'{"name": "a.txt"}').decode()),
            "bucket, name ou generation manquant",
        ),
    ],
)
def test_process_file_refuses_an_unreadable_message(
    client, cloud, caplog, body, reason
):
    response = client.post("/projects/demo/topics/file-validated", json=body)

    # An error answer: Pub/Sub redelivers, then dead-letters after max attempts.
    assert response.status_code == 500
    assert cloud.documents() == {}
    message_id = body.get("message", {}).get("messageId")
    assert any(
        record.levelname == "ERROR"
        and record.getMessage().startswith(f"Message {message_id or ''}")
        and record.getMessage().endswith(f"illisible ({reason}) : refusé")
        for record in caplog.records
    )


def test_a_push_body_without_message_is_refused_before_the_function(client, cloud):
    body = {"subscription": "projects/demo/subscriptions/process-file-push"}

    response = client.post("/projects/demo/topics/file-validated", json=body)

    # functions-framework cannot make a CloudEvent of it: 400, redelivered as well.
    assert response.status_code == 400
    assert cloud.documents() == {}


@pytest.mark.parametrize("data", ["pas un objet", {"message": {"messageId": "msg-1"}}])
def test_process_file_refuses_an_event_without_message_data(
    client, cloud, caplog, data
):
    event = pubsub_event(b"")
    event.data = data

    response = post_binary(client, event)

    assert response.status_code == 500
    assert "Message msg-1 illisible (pas de message.data) : refusé" in caplog.messages
