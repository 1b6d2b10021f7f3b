"""Exercice 1 : met en majuscules le texte reçu en JSON et donne sa longueur."""

import json
import logging

import flask
import functions_framework

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

# Au-delà de 10 Ko, le corps est refusé : il n'est jamais lu en entier.
MAX_BODY_BYTES = 10_000


def error(reason: str, status: int = 400) -> flask.Response:
    """Réponse d'erreur en JSON : le client sait toujours pourquoi."""
    logger.warning("Requête refusée (%d) : %s", status, reason)
    response = flask.jsonify({"error": reason})
    response.status_code = status
    return response


@functions_framework.http
def uppercase(request: flask.Request) -> flask.Response:
    """Répond {"original", "uppercase", "length"} pour un corps {"text": "..."}."""
    if request.method != "POST":
        response = error("Seule la méthode POST est acceptée.", status=405)
        response.headers["Allow"] = "POST"
        return response
    if not request.is_json:
        return error(
            "Le corps doit être du JSON (Content-Type: application/json).", status=415
        )

    # On lit au plus MAX_BODY_BYTES + 1 octets : un corps envoyé sans
    # Content-Length (chunked) est borné lui aussi.
    body = request.stream.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return error(f"Le corps dépasse {MAX_BODY_BYTES} octets.", status=413)
    if not body:
        return error('Le corps est vide : envoyez {"text": "..."}.')
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        # RecursionError : des milliers de [ imbriqués tiennent dans 10 Ko.
        return error("Le corps n'est pas un JSON valide.")

    if not isinstance(payload, dict):
        return error('Le corps JSON doit être un objet, par exemple {"text": "abc"}.')
    if "text" not in payload:
        return error('Le champ "text" est obligatoire.')
    text = payload["text"]
    if not isinstance(text, str):
        return error('Le champ "text" doit être une chaîne de caractères.')

    # Seule la longueur est journalisée : le texte appartient à l'utilisateur.
    logger.info("Texte converti en majuscules : %d caractères", len(text))
    return flask.jsonify(
        {"original": text, "uppercase": text.upper(), "length": len(text)}
    )
