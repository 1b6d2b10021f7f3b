"""CloudEvents sent to the event samples, in both HTTP modes of the CloudEvents spec."""

from collections.abc import Callable

import pytest
from cloudevents.conversion import to_binary, to_structured
from cloudevents.http import CloudEvent
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

SendEvent = Callable[[FlaskClient, dict, object], TestResponse]


@pytest.fixture(params=["binary", "structured"])
def send_event(request) -> SendEvent:
    """Post one CloudEvent as Eventarc delivers it: headers + body, or all in JSON."""
    convert = to_binary if request.param == "binary" else to_structured

    def send(client: FlaskClient, attributes: dict, data: object) -> TestResponse:
        headers, body = convert(CloudEvent(attributes, data))
        return client.post("/", headers=headers, data=body)

    return send


@pytest.fixture
def sample_logs(caplog) -> Callable[[], list[str]]:
    """The lines a sample wrote through its own logger, as Cloud Logging shows them."""
    caplog.set_level("INFO")

    def lines() -> list[str]:
        return [
            record.getMessage() for record in caplog.records if record.name == "main"
        ]

    return lines
