"""Cloud Function HTTP : salue la personne nommée dans le JSON reçu."""

import json
import logging

import flask
import functions_framework

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

# Un nom de plus de 100 caractères n'est pas un nom : on le refuse.
MAX_NAME_LENGTH = 100
# Au-delà de 10 Ko, le corps est refusé : il n'est jamais lu en entier.
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
    # On lit au plus MAX_BODY_BYTES + 1 octets : un corps envoyé sans
    # Content-Length (chunked) est borné lui aussi.
    body = request.stream.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return error(f"Le corps dépasse {MAX_BODY_BYTES} octets.", status=413)

    # Un corps vide est permis (curl sans -d) ; sinon, il doit être un objet JSON.
    if not body:
        payload = {}
    elif not request.is_json:
        return error(
            "Le corps doit être du JSON (Content-Type: application/json).", status=415
        )
    else:
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            # RecursionError : des milliers de [ imbriqués tiennent dans 10 Ko.
            return error("Le corps n'est pas un JSON valide.")

    if not isinstance(payload, dict):
        return error('Le corps JSON doit être un objet, par exemple {"name": "Ada"}.')
    name = payload.get("name", "World")
    if not isinstance(name, str) or not name.strip():
        return error('Le champ "name" doit être une chaîne non vide.')
    if len(name) > MAX_NAME_LENGTH:
        return error(f'Le champ "name" dépasse {MAX_NAME_LENGTH} caractères.')

    logger.info("Salutation envoyée (%d caractères)", len(name))
    return flask.jsonify({"message": f"Hello, {name}!", "status": "success"})
