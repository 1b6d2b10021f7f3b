"""The emulator fixtures start real emulators that answer on 127.0.0.1."""

import urllib.request

import pytest
from google.cloud import pubsub_v1


@pytest.mark.emulator
def test_pubsub_emulator_round_trips_a_message(pubsub_emulator, monkeypatch):
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", pubsub_emulator.host_port)
    publisher = pubsub_v1.PublisherClient()
    subscriber = pubsub_v1.SubscriberClient()
    topic = publisher.topic_path("demo-project", "round-trip")
    subscription = subscriber.subscription_path("demo-project", "round-trip-sub")
    publisher.create_topic(name=topic)
    subscriber.create_subscription(name=subscription, topic=topic)

    publisher.publish(topic, b"bonjour", origin="test").result(timeout=10)
    response = subscriber.pull(subscription=subscription, max_messages=10, timeout=10)

    assert [
        (m.message.data, dict(m.message.attributes)) for m in response.received_messages
    ] == [(b"bonjour", {"origin": "test"})]


@pytest.mark.emulator
def test_firestore_emulator_answers_on_loopback(firestore_emulator):
    assert firestore_emulator.host_port.startswith("127.0.0.1:")

    with urllib.request.urlopen(firestore_emulator.url, timeout=5) as response:
        assert response.status == 200
