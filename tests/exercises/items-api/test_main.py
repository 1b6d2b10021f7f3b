"""items-api (exercice 3), route by route through Flask's test client."""

import importlib.util
import io
import json
import logging
import urllib.parse
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import SAMPLES

SOURCE = SAMPLES / "exercises" / "items-api" / "main.py"
NOT_JSON = "Le corps doit être du JSON (Content-Type: application/json)."


def load_app():
    """A fresh import of main.py, hence an empty store, as a new instance starts."""
    spec = importlib.util.spec_from_file_location(
        f"items_api_{uuid.uuid4().hex}", SOURCE
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


@pytest.fixture
def client():
    return load_app().test_client()


def test_health_answers_healthy(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response.get_json() == {"status": "healthy"}


def test_items_starts_empty(client):
    response = client.get("/items")

    assert response.status_code == 200
    assert response.get_json() == []


def test_post_items_creates_an_item_with_a_server_chosen_id(client, caplog):
    caplog.set_level(logging.INFO)

    response = client.post("/items", json={"name": "Widget"})

    assert response.status_code == 201
    item = response.get_json()
    assert item == {"id": item["id"], "name": "Widget", "description": ""}
    assert str(uuid.UUID(item["id"])) == item["id"]
    assert response.headers["Location"] == f"/items/{item['id']}"
    assert caplog.messages == [f"Article {item['id']} créé"]


def test_get_item_returns_the_created_item(client):
    created = client.post(
        "/items", json={"name": "Widget", "description": "Bleu, 10 cm"}
    ).get_json()

    response = client.get(f"/items/{created['id']}")

    assert response.status_code == 200
    assert response.get_json() == {
        "id": created["id"],
        "name": "Widget",
        "description": "Bleu, 10 cm",
    }


def test_get_items_lists_every_created_item(client):
    first = client.post("/items", json={"name": "Widget"}).get_json()
    second = client.post("/items", json={"name": "Gadget"}).get_json()

    response = client.get("/items")

    assert response.get_json() == [first, second]


def test_each_instance_has_its_own_memory():
    # What happens on Cloud Run with two instances, or after a scale to zero.
    one, other = load_app().test_client(), load_app().test_client()
    created = one.post("/items", json={"name": "Widget"}).get_json()

    assert other.get(f"/items/{created['id']}").status_code == 404
    assert other.get("/items").get_json() == []


def test_get_item_answers_404_in_json_for_an_unknown_id(client, caplog):
    response = client.get("/items/does-not-exist%0Aforged")

    assert response.status_code == 404
    assert response.get_json() == {"error": "Article introuvable."}
    assert caplog.messages == ["Requête refusée (404) : Article introuvable."]


@pytest.mark.parametrize("path", ["/", "/item", "/items/a/b", "/favicon.ico"])
def test_unknown_routes_answer_404_in_json(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.get_json() == {"error": "Ressource introuvable."}


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/items", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("PUT", "/items/123", {"GET", "HEAD", "OPTIONS"}),
        ("POST", "/health", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_wrong_methods_answer_405_in_json(client, method, path, allowed):
    response = client.open(path, method=method)

    assert response.status_code == 405
    assert response.get_json() == {
        "error": "Méthode non autorisée sur cette ressource."
    }
    assert set(response.headers["Allow"].split(", ")) == allowed


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
         'Le corps est vide : envoyez {"name": "..."}.'),
        ({"json": ["Widget"]}, 400,
         'Le corps JSON doit être un objet, par exemple {"name": "Widget"}.'),
        ({"data": "null", "content_type": "application/json"}, 400,
         'Le corps JSON doit être un objet, par exemple {"name": "Widget"}.'),
        ({"json": {}}, 400, 'Le champ "name" doit être une chaîne non vide.'),
        ({"json": {"name": 42}}, 400, 'Le champ "name" doit être une chaîne non vide.'),
        ({"json": {"name": "   "}}, 400,
         'Le champ "name" doit être une chaîne non vide.'),
        ({"json": {"name": "x" * 101}}, 400, 'Le champ "name" dépasse 100 caractères.'),
        ({"json": {"name": "Widget", "description": ["bleu"]}}, 400,
         'Le champ "description" doit être une chaîne.'),
        ({"json": {"name": "Widget", "description": "x" * 1_001}}, 400,
         'Le champ "description" dépasse 1000 caractères.'),
        ({"json": {"id": "choisi", "name": "Widget"}}, 400, "Champs inconnus : id."),
        ({"json": {"name": "Widget", "price": 3, "color": "bleu"}}, 400,
         "Champs inconnus : color, price."),
        ({"data": '{"name": "Widget"}', "content_type": "text/plain"}, 415, NOT_JSON),
        ({}, 415, NOT_JSON),
        ({"data": "x" * 10_001, "content_type": "application/json"}, 413,
         "Le corps dépasse 10000 octets."),
    ],
)  # fmt: skip
def test_post_items_rejects_malformed_requests(
    client, caplog, request_kwargs, status, reason
):
    response = client.post("/items", **request_kwargs)

    assert response.status_code == status
    assert response.get_json() == {"error": reason}
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", f"Requête refusée ({status}) : {reason}")
    ]
    assert client.get("/items").get_json() == []


def test_post_items_bounds_a_chunked_body_without_content_length(client):
    # Gunicorn decodes chunked bodies and says so with wsgi.input_terminated.
    response = client.post(
        "/items",
        input_stream=io.BytesIO(b'{"name": "' + b"x" * 10_000 + b'"}'),
        headers={"Transfer-Encoding": "chunked", "Content-Type": "application/json"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.status_code == 413
    assert response.get_json() == {"error": "Le corps dépasse 10000 octets."}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.dictionaries(st.sampled_from(["name", "description", "id"]), json_values).map(
        lambda value: json.dumps(value).encode()
    ),
)
content_types = st.sampled_from(["application/json", "text/plain", ""])


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, content_type=content_types)
def test_post_items_answers_any_body_with_json_and_never_500(
    client, body, content_type
):
    response = client.post("/items", data=body, content_type=content_type)

    assert response.status_code in {201, 400, 413, 415}
    assert response.is_json
    payload = response.get_json()
    if response.status_code == 201:
        sent = json.loads(body)
        assert payload == {
            "id": payload["id"],
            "name": sent["name"],
            "description": sent.get("description", ""),
        }
        assert client.get(f"/items/{payload['id']}").get_json() == payload
    else:
        assert set(payload) == {"error"}


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(item_id=st.text(min_size=1).filter(lambda text: "/" not in text))
def test_get_item_answers_any_unknown_id_with_json_404(client, item_id):
    response = client.get(f"/items/{urllib.parse.quote(item_id, safe='')}")

    assert response.status_code == 404
    assert response.get_json() == {"error": "Article introuvable."}
