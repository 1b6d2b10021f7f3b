"""process-event (exercice 2): CloudEvents in, messages on the Pub/Sub emulator out.

Every test that publishes runs against the real Pub/Sub emulator, in a project of
its own, and reads back what arrived on a subscription of each topic.
"""

import base64
import json
import logging
import uuid
import warnings

import pytest
from cloudevents.conversion import to_binary, to_structured
from cloudevents.http import CloudEvent
from google.cloud import pubsub_v1
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SAMPLE = "exercises/process-event"
EVENT_TYPE = "google.cloud.pubsub.topic.v1.messagePublished"
TOPIC = "projects/demo-project/topics/input-events"
SUBSCRIPTION = "projects/demo-project/subscriptions/eventarc-process-event"


class Topics:
    """The topics "processed" and "errors" of one project, each with a subscription."""

    NAMES = ("processed", "errors")

    def __init__(self, project: str):
        self.project = project
        self.publisher = pubsub_v1.PublisherClient()
        self.subscriber = pubsub_v1.SubscriberClient()
        for name in self.NAMES:
            topic = self.publisher.topic_path(project, name)
            self.publisher.create_topic(name=topic)
            self.subscriber.create_subscription(
                name=self._subscription(name), topic=topic
            )

    def _subscription(self, name: str) -> str:
        return self.subscriber.subscription_path(self.project, f"{name}-sub")

    def received(self, name: str) -> list[tuple[dict, dict]]:
        """Acknowledge and return what waits on the topic's subscription.

        Each message comes as (JSON data, attributes); their ids are kept in
        ``message_ids``, for the log lines that quote them.
        """
        # The function awaits its publish, so what it sent is already stored: an
        # immediate pull is exact, where a blocking one would wait for its timeout
        # each time a test checks that nothing arrived.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            response = self.subscriber.pull(
                subscription=self._subscription(name),
                max_messages=10,
                return_immediately=True,
                timeout=10,
            )
        received = response.received_messages
        if received:
            self.subscriber.acknowledge(
                subscription=self._subscription(name),
                ack_ids=[m.ack_id for m in received],
            )
        self.message_ids = [m.message.message_id for m in received]
        return [
            (json.loads(m.message.data), dict(m.message.attributes)) for m in received
        ]


@pytest.fixture
def emulator_project(pubsub_emulator, monkeypatch):
    """A project id of its own on the emulator, set where the sample reads it."""
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", pubsub_emulator.host_port)
    project = f"exercises-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("PROJECT_ID", project)
    return project


@pytest.fixture
def topics(emulator_project):
    return Topics(emulator_project)


@pytest.fixture
def client(topics, load_sample):
    return load_sample(SAMPLE, "process_event", "cloudevent").test_client()


def b64(text: str | bytes) -> str:
    raw = text.encode() if isinstance(text, str) else text
    return base64.b64encode(raw).decode()


def pubsub_body(data: object, message_id: str = "1001") -> dict:
    """What Pub/Sub pushes: the message, its id, and the subscription."""
    message = {"messageId": message_id, "publishTime": "2026-12-03T10:00:00.000Z"}
    if data is not None:
        message["data"] = data
    return {"message": message, "subscription": SUBSCRIPTION}


def published_event(data: object, message_id: str = "1001") -> CloudEvent:
    """The CloudEvent Eventarc delivers for a message published on input-events."""
    attributes = {
        "type": EVENT_TYPE,
        "source": f"//pubsub.googleapis.com/{TOPIC}",
        "id": message_id,
    }
    return CloudEvent(attributes, pubsub_body(data, message_id))


def post_binary(client, event: CloudEvent):
    headers, body = to_binary(event)
    return client.post("/", headers=headers, data=body)


def post_structured(client, event: CloudEvent):
    headers, body = to_structured(event)
    return client.post("/", headers=headers, data=body)


VALID = '{"id": "123", "value": "test"}'
PROCESSED = {
    "id": "123",
    "value": "test",
    "processed": True,
    "original_event_id": "1001",
}


@pytest.mark.emulator
@pytest.mark.parametrize(
    "post", [post_binary, post_structured], ids=["binary", "structured"]
)
def test_process_event_publishes_a_valid_message_on_processed(
    client, topics, caplog, post
):
    caplog.set_level(logging.INFO)

    response = post(client, published_event(b64(VALID)))

    assert response.status_code == 200
    assert topics.received("processed") == [(PROCESSED, {})]
    assert caplog.messages == [
        "Événement 1001 traité : id '123' publié sur processed "
        f"(message {topics.message_ids[0]})"
    ]
    assert topics.received("errors") == []


@pytest.mark.emulator
def test_process_event_accepts_the_raw_body_of_a_pubsub_push(client, topics):
    response = client.post(f"/{TOPIC}", json=pubsub_body(b64(VALID)))

    assert response.status_code == 200
    assert topics.received("processed") == [(PROCESSED, {})]
    assert topics.received("errors") == []


@pytest.mark.emulator
def test_process_event_keeps_any_json_value(client, topics):
    message = {"id": "A-7", "value": {"temperature": 21.5, "tags": ["été", None]}}

    post_binary(client, published_event(b64(json.dumps(message)), "2002"))

    assert topics.received("processed") == [
        ({**message, "processed": True, "original_event_id": "2002"}, {})
    ]


@pytest.mark.emulator
@pytest.mark.parametrize(
    ("data", "original", "reason"),
    [
        (b64('{"invalid": "data"}'), '{"invalid": "data"}',
         "Champs obligatoires manquants : id, value."),
        (b64('{"id": "123"}'), '{"id": "123"}',
         "Champs obligatoires manquants : value."),
        (b64('{"id": 123, "value": "test"}'), '{"id": 123, "value": "test"}',
         'Le champ "id" doit être une chaîne de 1 à 100 caractères.'),
        (b64('{"id": "", "value": 1}'), '{"id": "", "value": 1}',
         'Le champ "id" doit être une chaîne de 1 à 100 caractères.'),
        (b64(json.dumps({"id": "x" * 101, "value": 1})),
         json.dumps({"id": "x" * 101, "value": 1}),
         'Le champ "id" doit être une chaîne de 1 à 100 caractères.'),
        (b64('["123", "test"]'), '["123", "test"]',
         'Le message doit être un objet {"id", "value"}.'),
        (b64("pas du JSON"), "pas du JSON", "Le message n'est pas un JSON valide."),
        (b64("[" * 5_000), "[" * 5_000, "Le message n'est pas un JSON valide."),
        (b64(""), "", "Le message est vide."),
        (None, "", "Le message est vide."),
        ("pas du base64 !", "pas du base64 !",
         "Les données du message ne sont pas du base64."),
        (42, 42, "Les données du message ne sont pas du base64."),
        (b64(b"\xff\xfe\x00"), b64(b"\xff\xfe\x00"),
         "Les données du message ne sont pas en UTF-8."),
    ],
)  # fmt: skip
def test_process_event_sends_a_malformed_message_to_errors(
    client, topics, caplog, data, original, reason
):
    response = post_binary(client, published_event(data))

    assert response.status_code == 200
    assert topics.received("errors") == [
        ({"original_message": original, "error": reason, "event_id": "1001"}, {})
    ]
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "WARNING",
            f"Événement 1001 rejeté ({reason}) : "
            f"publié sur errors (message {topics.message_ids[0]})",
        )
    ]
    assert topics.received("processed") == []


@pytest.mark.emulator
@pytest.mark.parametrize(
    "post", [post_binary, post_structured], ids=["binary", "structured"]
)
def test_process_event_sends_an_event_without_pubsub_message_to_errors(
    client, topics, post
):
    event = CloudEvent(
        {
            "type": EVENT_TYPE,
            "source": f"//pubsub.googleapis.com/{TOPIC}",
            "id": "3003",
        },
        {"not": "a message"},
    )

    response = post(client, event)

    assert response.status_code == 200
    assert topics.received("errors") == [
        (
            {
                "original_message": None,
                "error": "L'événement ne contient pas de message Pub/Sub.",
                "event_id": "3003",
            },
            {},
        )
    ]


@pytest.mark.emulator
def test_process_event_fails_when_pubsub_refuses_the_message(
    emulator_project, load_sample
):
    # No topic exists in this project: the publish is refused, and the function
    # must fail (so that Pub/Sub presents the event again), not return as if done.
    client = load_sample(SAMPLE, "process_event", "cloudevent").test_client()

    response = post_binary(client, published_event(b64(VALID)))

    assert response.status_code == 500


message_data = st.one_of(
    st.binary(max_size=100).map(b64),
    st.text(max_size=50),
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(st.text(max_size=110), st.integers(), st.none()),
            "value": st.one_of(st.text(), st.floats(allow_nan=False), st.none()),
        },
    ).map(lambda message: b64(json.dumps(message))),
)


@pytest.mark.emulator
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=message_data)
def test_process_event_routes_any_message_to_exactly_one_topic(client, topics, data):
    response = post_binary(client, published_event(data))

    assert response.status_code == 200
    assert len(topics.received("processed")) + len(topics.received("errors")) == 1


def test_process_event_refuses_to_start_without_project_id(load_sample, monkeypatch):
    monkeypatch.delenv("PROJECT_ID", raising=False)

    with pytest.raises(RuntimeError) as refused:
        load_sample(SAMPLE, "process_event", "cloudevent")

    assert str(refused.value) == (
        "Variable d'environnement PROJECT_ID absente : "
        "déployez avec --set-env-vars=PROJECT_ID=<votre projet>."
    )
