"""hello-http, through the functions-framework test client."""

import io
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SAMPLE = "cloud-functions/hello-http"


@pytest.fixture
def client(load_sample):
    return load_sample(SAMPLE, "hello_http").test_client()


def test_hello_http_greets_the_name_sent(client, caplog):
    caplog.set_level(logging.INFO)

    response = client.post("/", json={"name": "GCP Developer"})

    assert response.status_code == 200
    assert response.get_json() == {
        "message": "Hello, GCP Developer!",
        "status": "success",
    }
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
            "Le corps n'est pas un JSON valide.",
        ),
        (
            {"data": "[" * 5000 + "]" * 5000, "content_type": "application/json"},
            "Le corps n'est pas un JSON valide.",
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


def test_hello_http_rejects_a_body_that_is_not_json(client):
    response = client.post("/", data='{"name": "Ada"}', content_type="text/plain")

    assert response.status_code == 415
    assert response.get_json() == {
        "error": "Le corps doit être du JSON (Content-Type: application/json).",
        "status": "error",
    }


def test_hello_http_bounds_a_chunked_body_without_content_length(client):
    # Gunicorn decodes chunked bodies and says so with wsgi.input_terminated.
    body = io.BytesIO(b'{"name": "' + b"x" * 10_000 + b'"}')

    response = client.post(
        "/",
        input_stream=body,
        headers={"Transfer-Encoding": "chunked", "Content-Type": "application/json"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.status_code == 413
    assert response.get_json() == {
        "error": "Le corps dépasse 10000 octets.",
        "status": "error",
    }


def test_hello_http_rejects_an_oversized_body(client):
    response = client.post("/", data="x" * 10_001, content_type="application/json")

    assert response.status_code == 413
    assert response.get_json() == {
        "error": "Le corps dépasse 10000 octets.",
        "status": "error",
    }


# The client only sends requests: sharing it between generated inputs is safe.
generated = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=10,
)


@generated
@given(payload=json_values | st.fixed_dictionaries({"name": json_values}))
def test_hello_http_answers_any_json_with_a_json_verdict(client, payload):
    response = client.post(
        "/", data=json.dumps(payload), content_type="application/json"
    )

    body = response.get_json()
    assert response.status_code in (200, 400, 413)
    assert body["status"] == ("success" if response.status_code == 200 else "error")
    if response.status_code == 200:
        assert body == {
            "message": f"Hello, {payload.get('name', 'World')}!",
            "status": "success",
        }


@generated
@given(
    data=st.binary(max_size=12_000),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "application/octet-stream", ""]
    ),
)
def test_hello_http_never_fails_on_arbitrary_bytes(client, data, content_type):
    response = client.post("/", data=data, content_type=content_type)

    assert response.status_code in (200, 400, 413, 415)
    assert response.get_json()["status"] in ("success", "error")
