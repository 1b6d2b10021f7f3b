"""CloudEvents as Google Cloud sends them to the final project's functions."""

import base64
from typing import Any

from cloudevents.conversion import to_binary, to_structured
from cloudevents.http import CloudEvent

STORAGE_EVENT = "google.cloud.storage.object.v1.finalized"
PUBSUB_EVENT = "google.cloud.pubsub.topic.v1.messagePublished"


def storage_object(name: str, size: str = "12", generation: str = "1") -> dict:
    """The data of a google.cloud.storage.object.v1.finalized event."""
    return {
        "kind": "storage#object",
        "bucket": "uploads-demo",
        "name": name,
        "generation": generation,
        "metageneration": "1",
        "contentType": "text/plain",
        "size": size,
        "timeCreated": "2026-12-03T10:00:00.123Z",
        "updated": "2026-12-03T10:00:00.123Z",
    }


def storage_event(data: Any, event_id: str = "evt-1") -> CloudEvent:
    return CloudEvent(
        {
            "type": STORAGE_EVENT,
            "source": "//storage.googleapis.com/projects/_/buckets/uploads-demo",
            "subject": "objects/fichier",
            "id": event_id,
            "time": "2026-12-03T10:00:00.200Z",
        },
        data,
    )


def pubsub_event(payload: bytes, message_id: str = "msg-1") -> CloudEvent:
    """A messagePublished CloudEvent as Eventarc delivers it (data base64-encoded)."""
    return CloudEvent(
        {
            "type": PUBSUB_EVENT,
            "source": "//pubsub.googleapis.com/projects/demo/topics/file-validated",
            "id": message_id,
        },
        {
            "message": {
                "data": base64.b64encode(payload).decode(),
                "messageId": message_id,
                "publishTime": "2026-12-03T10:00:01.000Z",
            },
            "subscription": "projects/demo/subscriptions/eventarc-sub",
        },
    )


def post_binary(client, event: CloudEvent, path: str = "/"):
    headers, body = to_binary(event)
    return client.post(path, headers=headers, data=body)


def post_structured(client, event: CloudEvent, path: str = "/"):
    headers, body = to_structured(event)
    return client.post(path, headers=headers, data=body)
