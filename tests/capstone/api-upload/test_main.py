"""api-upload through the functions-framework test client."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SAMPLE = "capstone/api-upload"
STATUS = {
    "service": "File Processing System",
    "status": "operational",
    "version": "1.0",
}


@pytest.fixture
def client(load_sample):
    return load_sample(SAMPLE, "api_upload").test_client()


def test_api_upload_answers_the_service_status(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.get_json() == STATUS


def test_api_upload_answers_head_without_a_body(client):
    response = client.head("/")

    assert response.status_code == 200
    assert response.data == b""


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_api_upload_refuses_other_methods_in_json(client, method):
    response = client.open("/", method=method, json={"name": "x"})

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"
    assert response.get_json() == {
        "error": "Seule la méthode GET est acceptée.",
        "status": "error",
    }


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.binary(max_size=2000),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "application/octet-stream"]
    ),
)
def test_api_upload_never_answers_500_to_any_body(client, body, content_type):
    response = client.post("/", data=body, content_type=content_type)

    assert response.status_code == 405
    assert response.is_json
