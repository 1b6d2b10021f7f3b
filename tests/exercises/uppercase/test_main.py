"""uppercase (exercice 1), through the functions-framework test client."""

import io
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SAMPLE = "exercises/uppercase"
NOT_JSON = "Le corps doit être du JSON (Content-Type: application/json)."


@pytest.fixture
def client(load_sample):
    return load_sample(SAMPLE, "uppercase").test_client()


def test_uppercase_returns_text_in_capitals_and_its_length(client, caplog):
    caplog.set_level(logging.INFO)

    response = client.post("/", json={"text": "hello serverless world"})

    assert response.status_code == 200
    assert response.get_json() == {
        "original": "hello serverless world",
        "uppercase": "HELLO SERVERLESS WORLD",
        "length": 22,
    }
    assert caplog.messages == ["Texte converti en majuscules : 22 caractères"]


def test_uppercase_logs_the_length_never_the_text(client, caplog):
    caplog.set_level(logging.INFO)
    secret = "mot de passe : hunter2"

    client.post("/", json={"text": secret})

    assert caplog.messages == ["Texte converti en majuscules : 22 caractères"]
    assert "hunter2" not in caplog.text


def test_uppercase_counts_characters_not_bytes(client):
    response = client.post("/", json={"text": "straße été"})

    assert response.get_json() == {
        "original": "straße été",
        "uppercase": "STRASSE ÉTÉ",
        "length": 10,
    }


def test_uppercase_accepts_an_empty_text(client):
    response = client.post("/", json={"text": ""})

    assert response.status_code == 200
    assert response.get_json() == {"original": "", "uppercase": "", "length": 0}


def test_uppercase_answers_a_lone_surrogate_in_json(client):
    response = client.post(
        "/", data='{"text": "a\\ud800"}', content_type="application/json"
    )

    assert response.status_code == 200
    assert response.get_json() == {
        "original": "a\ud800",
        "uppercase": "A\ud800",
        "length": 2,
    }


@pytest.mark.parametrize(
    ("request_kwargs", "status", "reason"),
    [
        ({"data": "{not json", "content_type": "application/json"}, 400,
         "Le corps n'est pas un JSON valide."),
        ({"data": b"\xff\xfe\xfa", "content_type": "application/json"}, 400,
         "Le corps n'est pas un JSON valide."),
        ({"data": "[" * 5_000 + "]" * 5_000, "content_type": "application/json"}, 400,
         "Le corps n'est pas un JSON valide."),
        ({"data": "", "content_type": "application/json"}, 400,
         'Le corps est vide : envoyez {"text": "..."}.'),
        ({"json": ["hello"]}, 400,
         'Le corps JSON doit être un objet, par exemple {"text": "abc"}.'),
        ({"json": "hello"}, 400,
         'Le corps JSON doit être un objet, par exemple {"text": "abc"}.'),
        ({"data": "null", "content_type": "application/json"}, 400,
         'Le corps JSON doit être un objet, par exemple {"text": "abc"}.'),
        ({"json": {}}, 400, 'Le champ "text" est obligatoire.'),
        ({"json": {"texte": "hello"}}, 400, 'Le champ "text" est obligatoire.'),
        ({"json": {"text": 42}}, 400,
         'Le champ "text" doit être une chaîne de caractères.'),
        ({"json": {"text": None}}, 400,
         'Le champ "text" doit être une chaîne de caractères.'),
        ({"json": {"text": ["a", "b"]}}, 400,
         'Le champ "text" doit être une chaîne de caractères.'),
        ({"data": '{"text": "hello"}', "content_type": "text/plain"}, 415, NOT_JSON),
        ({"data": "text=hello",
          "content_type": "application/x-www-form-urlencoded"}, 415, NOT_JSON),
        ({}, 415, NOT_JSON),
        ({"data": "x" * 10_001, "content_type": "application/json"}, 413,
         "Le corps dépasse 10000 octets."),
    ],
)  # fmt: skip
def test_uppercase_rejects_malformed_requests(
    client, caplog, request_kwargs, status, reason
):
    response = client.post("/", **request_kwargs)

    assert response.status_code == status
    assert response.get_json() == {"error": reason}
    assert caplog.messages == [f"Requête refusée ({status}) : {reason}"]
    assert caplog.records[0].levelname == "WARNING"


def test_uppercase_bounds_a_chunked_body_without_content_length(client):
    # Gunicorn, which serves the function on Cloud Run, decodes chunked bodies
    # and says so with wsgi.input_terminated; no Content-Length is known.
    body = io.BytesIO(b'{"text": "' + b"x" * 10_000 + b'"}')

    response = client.post(
        "/",
        input_stream=body,
        headers={"Transfer-Encoding": "chunked", "Content-Type": "application/json"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.status_code == 413
    assert response.get_json() == {"error": "Le corps dépasse 10000 octets."}


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_uppercase_accepts_only_post(client, method):
    response = client.open("/", method=method, json={"text": "hello"})

    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert response.get_json() == {"error": "Seule la méthode POST est acceptée."}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.dictionaries(st.sampled_from(["text", "texte", ""]), json_values).map(
        lambda value: json.dumps(value).encode()
    ),
)
content_types = st.sampled_from(
    ["application/json", "application/json; charset=utf-8", "text/plain", ""]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, content_type=content_types)
def test_uppercase_answers_any_body_with_json_and_never_500(client, body, content_type):
    response = client.post("/", data=body, content_type=content_type)

    assert response.status_code in {200, 400, 413, 415}
    assert response.is_json
    payload = response.get_json()
    if response.status_code == 200:
        text = json.loads(body)["text"]
        assert payload == {
            "original": text,
            "uppercase": text.upper(),
            "length": len(text),
        }
    else:
        assert set(payload) == {"error"}
