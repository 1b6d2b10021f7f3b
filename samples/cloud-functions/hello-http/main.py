"""Cloud Function HTTP : salue la personne nommée dans le JSON reçu."""

import logging

import flask
import functions_framework

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

# Un nom de plus de 100 caractères n'est pas un nom : on le refuse.
MAX_NAME_LENGTH = 100
# Au-delà de 10 Ko, le corps est refusé avant même d'être lu.
MAX_BODY_BYTES = 10_000


def error(reason: str, status: int = 400) -> flask.Response:
    """Réponse d'erreur en JSON : le client sait toujours pourquoi."""
    logger.warning("Requête refusée : %s", reason)
    response = flask.jsonify({"error": reason, "status": "error"})
    response.status_code = status
    return response


@functions_framework.http
def hello_http(request: flask.Request) -> flask.Response:
    """Répond {"message": "Hello, <name>!"} ; sans corps JSON, salue "World"."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return error(f"Le corps dépasse {MAX_BODY_BYTES} octets.", status=413)

    # Un corps vide est permis (curl sans -d) ; sinon, il doit être un objet JSON.
    payload = request.get_json(silent=True) if request.get_data() else {}

    if payload is None:
        return error(
            "Le corps doit être un JSON valide (Content-Type: application/json)."
        )
    if not isinstance(payload, dict):
        return error('Le corps JSON doit être un objet, par exemple {"name": "Ada"}.')
    name = payload.get("name", "World")
    if not isinstance(name, str) or not name.strip():
        return error('Le champ "name" doit être une chaîne non vide.')
    if len(name) > MAX_NAME_LENGTH:
        return error(f'Le champ "name" dépasse {MAX_NAME_LENGTH} caractères.')

    logger.info("Salutation envoyée (%d caractères)", len(name))
    return flask.jsonify({"message": f"Hello, {name}!", "status": "success"})
