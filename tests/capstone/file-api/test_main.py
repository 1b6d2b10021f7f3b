"""file-api through Flask's test client, reading the Firestore emulator."""

import datetime
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.emulator

T0 = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC)


def at(minutes: int) -> datetime.datetime:
    return T0 + datetime.timedelta(minutes=minutes)


def record(name: str, status: str, generation: str, minutes: int, reason=None) -> dict:
    return {
        "name": name,
        "bucket": "uploads-demo",
        "generation": generation,
        "size": "12",
        "content_type": "text/plain",
        "status": status,
        "reason": reason,
        "uploaded_at": at(minutes),
        "validated_at": at(minutes),
        "processed_at": at(minutes + 1) if status == "processed" else None,
        "updated_at": at(minutes + 1),
        "event_id": "evt",
    }


def shown(fields: dict) -> dict:
    """What the API answers for a record: dates in ISO 8601, no internal fields."""
    return {
        key: value.isoformat() if isinstance(value, datetime.datetime) else value
        for key, value in fields.items()
        if key != "event_id"
    }


RAPPORT = record("rapport.txt", "processed", "1", 0)
VIDE = record("vide.txt", "rejected", "2", 5, reason="Fichier vide.")
ODD = record('dossier/l\'été "2026" à Noël.jpg', "valid", "3", 10)


@pytest.fixture
def client(load_app, cloud):
    return load_app("capstone/file-api").test_client()


@pytest.fixture
def stored(cloud):
    for number, fields in enumerate((RAPPORT, VIDE, ODD)):
        cloud.db.collection("files").document(f"doc-{number}").set(fields)


def test_status_answers_healthy(client):
    response = client.get("/status")

    assert response.status_code == 200
    assert response.get_json() == {"status": "healthy", "service": "File API"}


def test_files_is_empty_before_any_upload(client):
    response = client.get("/files")

    assert response.status_code == 200
    assert response.get_json() == {"files": [], "count": 0}


def test_files_lists_the_latest_first(client, stored):
    response = client.get("/files")

    assert response.status_code == 200
    assert response.get_json() == {
        "files": [shown(ODD), shown(VIDE), shown(RAPPORT)],
        "count": 3,
    }


def test_files_honours_its_limit(client, stored):
    response = client.get("/files?limit=1")

    assert response.get_json() == {"files": [shown(ODD)], "count": 1}


@pytest.mark.parametrize("limit", ["0", "1001", "-1", "dix", "", "1.5"])
def test_files_rejects_a_bad_limit(client, limit):
    response = client.get(f"/files?limit={limit}")

    assert response.status_code == 400
    assert response.get_json() == {
        "error": "limit doit être un entier de 1 à 1000.",
        "status": "error",
    }


@pytest.mark.parametrize("fields", [RAPPORT, VIDE, ODD])
def test_file_answers_one_status_with_its_reason(client, stored, fields):
    response = client.get("/files/" + urllib.parse.quote(fields["name"]))

    assert response.status_code == 200
    assert response.get_json() == {"file": shown(fields)}


def test_file_answers_the_latest_upload_of_a_name(client, cloud, stored):
    again = record("rapport.txt", "valid", "10", 20)
    cloud.db.collection("files").document("doc-again").set(again)

    response = client.get("/files/rapport.txt")

    assert response.get_json() == {"file": shown(again)}


def test_file_answers_404_in_json_for_an_unknown_name(client, stored):
    response = client.get("/files/inconnu.txt")

    assert response.status_code == 404
    assert response.get_json() == {"error": "Fichier inconnu.", "status": "error"}


def test_file_refuses_a_name_longer_than_cloud_storage_allows(client):
    response = client.get("/files/" + "a" * 1025)

    assert response.status_code == 400
    assert response.get_json() == {
        "error": "Nom de plus de 1024 octets.",
        "status": "error",
    }


def test_file_answers_404_for_a_name_that_is_not_utf8(client):
    # Werkzeug decodes the path with replacement characters: an unknown name.
    response = client.get("/files/%ED%A0%80%FF.txt")

    assert response.status_code == 404
    assert response.get_json() == {"error": "Fichier inconnu.", "status": "error"}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/inconnu", 404), ("POST", "/status", 405), ("DELETE", "/files", 405)],
)
def test_errors_are_json_not_html(client, method, path, status):
    response = client.open(path, method=method)

    assert response.status_code == status
    assert response.is_json
    assert response.get_json()["status"] == "error"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=st.text(min_size=1, max_size=60))
def test_file_never_answers_500_whatever_the_name(client, name):
    response = client.get("/files/" + urllib.parse.quote(name, safe=""))

    assert response.status_code in (200, 400, 404)
    assert response.is_json


def test_file_keeps_slashes_in_a_name_as_they_are(client, cloud):
    fields = record("racine//double.txt", "processed", "4", 30)
    cloud.db.collection("files").document("doc-slashes").set(fields)

    response = client.get("/files/" + urllib.parse.quote(fields["name"], safe=""))

    assert response.status_code == 200
    assert response.get_json() == {"file": shown(fields)}
