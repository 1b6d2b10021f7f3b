"""validate-file through functions-framework on the Pub/Sub and Firestore emulators."""

import datetime
import hashlib
import logging

import pytest

from tests.capstone.events import (
    post_binary,
    post_structured,
    storage_event,
    storage_object,
)

pytestmark = pytest.mark.emulator

SAMPLE = "capstone/validate-file"


@pytest.fixture
def client(load_sample, cloud):
    return load_sample(SAMPLE, "validate_file", "cloudevent").test_client()


def doc_id(name: str, generation: str = "1") -> str:
    return hashlib.sha256(f"uploads-demo/{name}#{generation}".encode()).hexdigest()


def published(name: str, size: str = "12") -> dict:
    return {
        "bucket": "uploads-demo",
        "name": name,
        "generation": "1",
        "size": size,
        "content_type": "text/plain",
    }


@pytest.mark.parametrize("post", [post_binary, post_structured])
def test_validate_file_accepts_an_allowed_file(client, cloud, caplog, post):
    caplog.set_level(logging.INFO)

    response = post(client, storage_event(storage_object("rapport.txt")))

    assert response.status_code == 200
    assert cloud.messages("file-validated") == [published("rapport.txt")]
    assert cloud.messages("file-errors") == []
    record = cloud.documents()[doc_id("rapport.txt")]
    assert {k: record[k] for k in ("name", "status", "reason", "event_id")} == {
        "name": "rapport.txt",
        "status": "valid",
        "reason": None,
        "event_id": "evt-1",
    }
    assert record["uploaded_at"] == datetime.datetime(
        2026, 12, 3, 10, 0, 0, 123000, tzinfo=datetime.UTC
    )
    assert record["processed_at"] is None
    assert "Fichier validé : 'rapport.txt' événement evt-1" in caplog.messages


def test_validate_file_keeps_an_odd_name_intact(client, cloud, caplog):
    caplog.set_level(logging.INFO)
    name = 'dossier/mon "dernier" rapport d\'été, à Noël.JPG'

    post_binary(client, storage_event(storage_object(name)))

    assert cloud.messages("file-validated") == [published(name)]
    assert cloud.documents()[doc_id(name)]["name"] == name
    assert f"Fichier validé : {name!r} événement evt-1" in caplog.messages


@pytest.mark.parametrize(
    ("name", "size", "reason"),
    [
        ("programme.exe", "12", "Extension non autorisée (.txt, .pdf, .jpg)."),
        ("archive.txt.zip", "12", "Extension non autorisée (.txt, .pdf, .jpg)."),
        ("vide.txt", "0", "Fichier vide."),
        ("sans-taille.txt", None, "Taille absente ou illisible."),
        ("negatif.txt", "-1", "Taille absente ou illisible."),
        ("dossier/", "0", "Dossier, pas un fichier."),
        ("ligne\nsuivante.txt", "12", "Nom contenant des caractères de contrôle."),
        ("é" * 513 + ".txt", "12", "Nom de plus de 1024 octets."),
    ],
)
def test_validate_file_rejects_with_its_reason(
    client, cloud, caplog, name, size, reason
):
    caplog.set_level(logging.INFO)
    data = storage_object(name, size=size)

    response = post_binary(client, storage_event(data))

    assert response.status_code == 200
    assert cloud.messages("file-errors") == [
        {**published(name, size), "reason": reason}
    ]
    assert cloud.messages("file-validated") == []
    record = cloud.documents()[doc_id(name)]
    assert (record["status"], record["reason"]) == ("rejected", reason)
    assert f"Fichier rejeté : {name!r} ({reason}) événement evt-1" in caplog.messages


@pytest.mark.parametrize(
    "data",
    [
        "pas un objet",
        ["rapport.txt"],
        {"bucket": "uploads-demo", "generation": "1"},
        {"bucket": "uploads-demo", "name": "", "generation": "1"},
        {"bucket": "uploads-demo", "name": "rapport.txt", "generation": 1},
    ],
)
def test_validate_file_reports_an_unreadable_event(client, cloud, caplog, data):
    response = post_binary(client, storage_event(data))

    assert response.status_code == 200
    assert cloud.messages("file-errors") == [
        {"event_id": "evt-1", "reason": "Événement illisible."}
    ]
    assert cloud.documents() == {}
    assert "Événement evt-1 illisible : bucket, name ou generation" in caplog.messages


def test_validate_file_dates_an_upload_without_a_readable_creation_time(client, cloud):
    data = {**storage_object("rapport.txt"), "timeCreated": "hier"}
    before = datetime.datetime.now(datetime.UTC)

    post_binary(client, storage_event(data))

    assert cloud.documents()[doc_id("rapport.txt")]["uploaded_at"] >= before


def test_validate_file_never_overwrites_a_status_on_redelivery(client, cloud, caplog):
    caplog.set_level(logging.INFO)
    event = storage_event(storage_object("rapport.txt"))
    post_binary(client, event)
    ref = cloud.db.collection("files").document(doc_id("rapport.txt"))
    ref.update({"status": "processed"})

    response = post_binary(client, event)

    assert response.status_code == 200
    assert list(cloud.documents()) == [doc_id("rapport.txt")]
    assert cloud.documents()[doc_id("rapport.txt")]["status"] == "processed"
    # Published again: the first delivery may have stopped before its publish.
    assert cloud.messages("file-validated") == [published("rapport.txt")] * 2
    assert (
        f"Statut déjà enregistré ({doc_id('rapport.txt')}) : événement relivré"
        in caplog.messages
    )
