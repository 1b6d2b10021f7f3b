"""hello-http, through the functions-framework test client."""

import logging

import pytest

SAMPLE = "cloud-functions/hello-http"


@pytest.fixture
def client(load_sample):
    return load_sample(SAMPLE, "hello_http").test_client()


def test_hello_http_greets_the_name_sent(client, caplog):
    caplog.set_level(logging.INFO)

    response = client.post("/", json={"name": "GCP Developer"})

    assert response.status_code == 200
    assert response.get_json() == {"message": "Hello, GCP Developer!", "status": "success"}
    assert "Salutation envoyée (13 caractères)" in caplog.messages


def test_hello_http_greets_world_without_a_body(client):
    response = client.post("/")

    assert response.status_code == 200
    assert response.get_json() == {"message": "Hello, World!", "status": "success"}


@pytest.mark.parametrize(
    ("request_kwargs", "reason"),
    [
        (
            {"data": "{not json", "content_type": "application/json"},
            "Le corps doit être un JSON valide (Content-Type: application/json).",
        ),
        (
            {"data": '{"name": "Ada"}', "content_type": "text/plain"},
            "Le corps doit être un JSON valide (Content-Type: application/json).",
        ),
        (
            {"json": ["Ada"]},
            'Le corps JSON doit être un objet, par exemple {"name": "Ada"}.',
        ),
        ({"json": {"name": 42}}, 'Le champ "name" doit être une chaîne non vide.'),
        ({"json": {"name": "  "}}, 'Le champ "name" doit être une chaîne non vide.'),
        ({"json": {"name": "x" * 101}}, 'Le champ "name" dépasse 100 caractères.'),
    ],
)
def test_hello_http_rejects_malformed_requests(client, request_kwargs, reason):
    response = client.post("/", **request_kwargs)

    assert response.status_code == 400
    assert response.get_json() == {"error": reason, "status": "error"}


def test_hello_http_rejects_an_oversized_body(client):
    response = client.post("/", data="x" * 10_001, content_type="application/json")

    assert response.status_code == 413
    assert response.get_json() == {
        "error": "Le corps dépasse 10000 octets.",
        "status": "error",
    }
