"""The final project's samples against the real emulators, one fresh project per test.

Each test gets its own project id: the emulators keep Pub/Sub topics and Firestore
documents per project, so tests sharing the session's emulators never see each
other's data.
"""

import importlib.util
import json
import sys
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import flask
import pytest
from google.cloud import firestore, pubsub_v1

from tests.support import SAMPLES

TOPICS = ("file-validated", "file-errors")


@dataclass
class Cloud:
    """A throwaway project on the emulators: its topics, its documents."""

    project: str
    db: firestore.Client
    publisher: pubsub_v1.PublisherClient
    subscriber: pubsub_v1.SubscriberClient

    def messages(self, topic: str) -> list[dict[str, Any]]:
        """Every message waiting on the topic's subscription, decoded from JSON."""
        path = self.subscriber.subscription_path(self.project, f"{topic}-sub")
        # Without return_immediately, an empty pull waits for its whole timeout.
        # The flag is deprecated for the service, and still honoured by the emulator.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            response = self.subscriber.pull(
                request={
                    "subscription": path,
                    "max_messages": 100,
                    "return_immediately": True,
                },
                timeout=10,
            )
        return [json.loads(m.message.data) for m in response.received_messages]

    def documents(self) -> dict[str, dict[str, Any]]:
        return {
            snapshot.id: snapshot.to_dict()
            for snapshot in self.db.collection("files").stream()
        }


@pytest.fixture
def cloud(pubsub_emulator, firestore_emulator, monkeypatch) -> Iterator[Cloud]:
    """Point the samples at the emulators, with a project of the test's own."""
    project = f"demo-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", pubsub_emulator.host_port)
    monkeypatch.setenv("FIRESTORE_EMULATOR_HOST", firestore_emulator.host_port)
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", project)
    cloud = Cloud(
        project,
        firestore.Client(project=project),
        pubsub_v1.PublisherClient(),
        pubsub_v1.SubscriberClient(),
    )
    for topic in TOPICS:
        topic_path = cloud.publisher.topic_path(project, topic)
        cloud.publisher.create_topic(name=topic_path)
        cloud.subscriber.create_subscription(
            name=cloud.subscriber.subscription_path(project, f"{topic}-sub"),
            topic=topic_path,
        )
    yield cloud


@pytest.fixture
def load_app() -> Iterator:
    """Import a Cloud Run sample's main.py as gunicorn does (main:app), then forget it.

    Flask apps are not functions: load_sample does not apply. The module is
    imported under a name of its own, so it never collides with another main.py.
    """
    loaded: list[str] = []

    def load(folder: str) -> flask.Flask:
        name = f"sample_{folder.replace('/', '_').replace('-', '_')}"
        spec = importlib.util.spec_from_file_location(
            name, SAMPLES / folder / "main.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        loaded.append(name)
        spec.loader.exec_module(module)
        return module.app

    yield load

    for name in loaded:
        sys.modules.pop(name, None)
