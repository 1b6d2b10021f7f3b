"""process-gcs, driven by Cloud Storage CloudEvents as Eventarc delivers them."""

import pytest

SAMPLE = "cloud-functions/process-gcs"
BUCKET = "my-trigger-bucket-demo-project"
FINALIZED = "google.cloud.storage.object.v1.finalized"


@pytest.fixture
def client(load_sample):
    return load_sample(SAMPLE, "process_gcs", "cloudevent").test_client()


def attributes(event_type: str = FINALIZED, name: str = "test.txt") -> dict:
    return {
        "id": "9876543210",
        "type": event_type,
        "source": f"//storage.googleapis.com/projects/_/buckets/{BUCKET}",
        "subject": f"objects/{name}",
    }


def stored_object(name: str = "test.txt") -> dict:
    """The data of a Cloud Storage event: the object's metadata."""
    return {
        "bucket": BUCKET,
        "name": name,
        "contentType": "text/plain",
        "size": "13",
        "generation": "1733220902123456",
        "timeCreated": "2026-12-03T10:15:02.123Z",
    }


def test_process_gcs_processes_a_new_file(client, send_event, sample_logs):
    response = send_event(client, attributes(), stored_object())

    assert response.status_code == 200
    assert sample_logs() == [
        f'Événement 9876543210 : {FINALIZED} sur "gs://{BUCKET}/test.txt"',
        f'Nouveau fichier déposé : "gs://{BUCKET}/test.txt"',
        f'Fichier "gs://{BUCKET}/test.txt" traité',
    ]


@pytest.mark.parametrize(
    "event_type",
    [
        "google.cloud.storage.object.v1.deleted",
        "google.cloud.storage.object.v1.archived",
        "google.cloud.storage.object.v1.metadataUpdated",
    ],
)
def test_process_gcs_ignores_other_storage_events(
    client, send_event, sample_logs, event_type
):
    response = send_event(client, attributes(event_type), stored_object())

    assert response.status_code == 200
    assert sample_logs() == [
        f'Événement 9876543210 : {event_type} sur "gs://{BUCKET}/test.txt"',
        f"Événement 9876543210 ignoré : seul {FINALIZED} est traité",
    ]


@pytest.mark.parametrize(
    ("name", "logged"),
    [
        ('rapport "final".txt', 'rapport \\"final\\".txt'),
        ("données/été 2026/façade.png", "données/été 2026/façade.png"),
        ("faux\nÉvénement 1 : injecté", "faux\\nÉvénement 1 : injecté"),
    ],
)
def test_process_gcs_quotes_odd_file_names(
    client, send_event, sample_logs, name, logged
):
    # The subject stays plain: a header cannot carry a newline in binary mode.
    response = send_event(client, attributes(), stored_object(name))

    assert response.status_code == 200
    assert sample_logs()[1] == f'Nouveau fichier déposé : "gs://{BUCKET}/{logged}"'


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"name": "test.txt"}, "pas de champ « bucket »"),
        ({"bucket": "", "name": "test.txt"}, "pas de champ « bucket »"),
        ({"bucket": BUCKET}, "pas de champ « name »"),
        ({"bucket": BUCKET, "name": 42}, "pas de champ « name »"),
        ({}, "pas de champ « bucket »"),
        (["test.txt"], "pas de champ « bucket »"),
    ],
)
def test_process_gcs_rejects_events_without_a_file(
    client, send_event, sample_logs, data, reason
):
    response = send_event(client, attributes(), data)

    assert response.status_code == 200
    assert sample_logs() == [f"Événement 9876543210 rejeté : {reason}"]


def test_process_gcs_rejects_an_event_whose_data_is_not_json(client, sample_logs):
    headers = {
        "ce-id": "5",
        "ce-type": FINALIZED,
        "ce-source": f"//storage.googleapis.com/projects/_/buckets/{BUCKET}",
        "ce-specversion": "1.0",
        "Content-Type": "text/plain",
    }

    response = client.post("/", headers=headers, data="test.txt")

    assert response.status_code == 200
    assert sample_logs() == ["Événement 5 rejeté : pas de champ « bucket »"]
