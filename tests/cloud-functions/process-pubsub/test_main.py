"""process-pubsub, driven by messagePublished CloudEvents and by raw push bodies."""

import base64

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SAMPLE = "cloud-functions/process-pubsub"
TOPIC = "//pubsub.googleapis.com/projects/demo-project/topics/my-topic"
PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished"


@pytest.fixture
def client(load_sample):
    return load_sample(SAMPLE, "process_pubsub", "cloudevent").test_client()


def attributes(event_id: str = "1234567890") -> dict:
    return {"id": event_id, "type": PUBLISHED, "source": TOPIC}


def published(payload: bytes, message_id: str = "1234567890") -> dict:
    """The data of a messagePublished event, as Eventarc builds it."""
    return {
        "message": {
            "data": base64.b64encode(payload).decode("ascii"),
            "messageId": message_id,
            "publishTime": "2026-12-03T10:15:02.123Z",
        },
        "subscription": "projects/demo-project/subscriptions/eventarc-sub",
    }


def test_process_pubsub_logs_the_decoded_message(client, send_event, sample_logs):
    response = send_event(client, attributes(), published(b"Hello from Pub/Sub!"))

    assert response.status_code == 200
    assert sample_logs() == [
        f'Message 1234567890 reçu ({PUBLISHED}) : "Hello from Pub/Sub!"',
        "Message 1234567890 traité",
    ]


def test_process_pubsub_accepts_a_raw_push_body(client, sample_logs):
    body = published(b"Hello from Pub/Sub!", message_id="77")

    response = client.post("/projects/demo-project/topics/my-topic", json=body)

    assert response.status_code == 200
    assert sample_logs() == [
        f'Message 77 reçu ({PUBLISHED}) : "Hello from Pub/Sub!"',
        "Message 77 traité",
    ]


def test_process_pubsub_keeps_non_ascii_text_and_escapes_quotes(
    client, send_event, sample_logs
):
    text = 'Café "spécial"\nligne 2'

    response = send_event(client, attributes(), published(text.encode()))

    assert response.status_code == 200
    assert sample_logs()[0] == (
        f'Message 1234567890 reçu ({PUBLISHED}) : "Café \\"spécial\\"\\nligne 2"'
    )


def test_process_pubsub_truncates_long_messages_in_logs(
    client, send_event, sample_logs
):
    response = send_event(client, attributes(), published(b"x" * 500))

    assert response.status_code == 200
    assert sample_logs()[0] == (
        f'Message 1234567890 reçu ({PUBLISHED}) : "{"x" * 100}…"'
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            {"message": {"data": "%%% pas du base64 %%%"}},
            "« data » n'est pas du base64 valide",
        ),
        (
            {"message": {"data": base64.b64encode(b"\xff\xfe").decode()}},
            "le message n'est pas du texte UTF-8",
        ),
        ({"message": {"messageId": "1"}}, "le message n'a pas de champ « data »"),
        ({"message": {"data": 42}}, "le message n'a pas de champ « data »"),
        ({"message": "Hello"}, "l'événement ne contient pas d'objet « message »"),
        ({}, "l'événement ne contient pas d'objet « message »"),
        (["Hello"], "l'événement ne contient pas d'objet « message »"),
    ],
)
def test_process_pubsub_rejects_malformed_messages_without_failing(
    client, send_event, sample_logs, data, reason
):
    response = send_event(client, attributes(), data)

    assert response.status_code == 200
    assert sample_logs() == [f"Message 1234567890 rejeté : {reason}"]


def test_process_pubsub_rejects_an_event_whose_data_is_not_json(client, sample_logs):
    headers = {
        "ce-id": "5",
        "ce-type": PUBLISHED,
        "ce-source": TOPIC,
        "ce-specversion": "1.0",
        "Content-Type": "text/plain",
    }

    response = client.post("/", headers=headers, data="Hello, pas du JSON")

    assert response.status_code == 200
    assert sample_logs() == [
        "Message 5 rejeté : l'événement ne contient pas d'objet « message »"
    ]


def test_process_pubsub_never_sees_a_structured_body_that_is_not_json(
    client, sample_logs
):
    response = client.post(
        "/", data="{pas du JSON", content_type="application/cloudevents+json"
    )

    assert response.status_code == 400
    assert sample_logs() == []


# The client only sends requests: sharing it between generated inputs is safe.
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(payload=st.text(max_size=300))
def test_process_pubsub_answers_any_text_without_failing(client, payload):
    data = published(payload.encode("utf-8", "surrogatepass"))

    response = client.post("/projects/demo-project/topics/my-topic", json=data)

    assert response.status_code == 200
