"""Exercice 3 : API REST d'articles pour Cloud Run, stockés en mémoire."""

import json
import logging
import threading
import uuid

import flask
from werkzeug.exceptions import HTTPException

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

MAX_NAME_LENGTH = 100
MAX_DESCRIPTION_LENGTH = 1_000
FIELDS = {"name", "description"}

# Au-delà de 10 Ko, le corps est refusé : il n'est jamais lu en entier.
MAX_BODY_BYTES = 10_000

app = flask.Flask(__name__)

# Stockage en mémoire : propre à chaque instance et perdu quand elle s'arrête.
# Le verrou protège le dict des threads de gunicorn qui servent l'instance.
items: dict[str, dict] = {}
items_lock = threading.Lock()

# Messages en français pour les erreurs HTTP que Flask lève lui-même.
HTTP_ERRORS = {
    404: "Ressource introuvable.",
    405: "Méthode non autorisée sur cette ressource.",
}


def error(reason: str, status: int) -> flask.Response:
    """Réponse d'erreur en JSON : le client sait toujours pourquoi."""
    logger.warning("Requête refusée (%d) : %s", status, reason)
    response = flask.jsonify({"error": reason})
    response.status_code = status
    return response


@app.errorhandler(HTTPException)
def http_error(exception: HTTPException) -> flask.Response:
    """404, 405... en JSON, comme les autres erreurs de l'API."""
    response = error(HTTP_ERRORS.get(exception.code, exception.name), exception.code)
    # Un 405 indique les méthodes permises (en-tête Allow).
    allow = dict(exception.get_headers()).get("Allow")
    if allow:
        response.headers["Allow"] = allow
    return response


def validate(payload: object) -> dict:
    """Vérifie le corps d'un POST ; renvoie l'article à créer ou lève ValueError."""
    if not isinstance(payload, dict):
        raise ValueError(
            'Le corps JSON doit être un objet, par exemple {"name": "Widget"}.'
        )
    unknown = sorted(set(payload) - FIELDS)
    if unknown:
        raise ValueError(f"Champs inconnus : {', '.join(unknown)}.")
    name = payload.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError('Le champ "name" doit être une chaîne non vide.')
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f'Le champ "name" dépasse {MAX_NAME_LENGTH} caractères.')
    description = payload.get("description", "")
    if not isinstance(description, str):
        raise ValueError('Le champ "description" doit être une chaîne.')
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise ValueError(
            f'Le champ "description" dépasse {MAX_DESCRIPTION_LENGTH} caractères.'
        )
    return {"name": name, "description": description}


@app.get("/health")
def health() -> flask.Response:
    return flask.jsonify({"status": "healthy"})


@app.get("/items")
def list_items() -> flask.Response:
    with items_lock:
        snapshot = list(items.values())
    return flask.jsonify(snapshot)


@app.post("/items")
def create_item() -> flask.Response:
    if not flask.request.is_json:
        return error(
            "Le corps doit être du JSON (Content-Type: application/json).", 415
        )
    # On lit au plus MAX_BODY_BYTES + 1 octets : un corps envoyé sans
    # Content-Length (chunked) est borné lui aussi.
    body = flask.request.stream.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return error(f"Le corps dépasse {MAX_BODY_BYTES} octets.", 413)
    if not body:
        return error('Le corps est vide : envoyez {"name": "..."}.', 400)
    try:
        # json.loads plutôt que request.get_json : un JSON trop imbriqué lève
        # RecursionError, qu'il faut refuser (400) et non laisser en 500.
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return error("Le corps n'est pas un JSON valide.", 400)
    try:
        item = validate(payload)
    except ValueError as invalid:
        return error(str(invalid), 400)

    # L'identifiant est choisi par le serveur, jamais par le client.
    item = {"id": str(uuid.uuid4()), **item}
    with items_lock:
        items[item["id"]] = item
    logger.info("Article %s créé", item["id"])
    response = flask.jsonify(item)
    response.status_code = 201
    response.headers["Location"] = flask.url_for("get_item", item_id=item["id"])
    return response


@app.get("/items/<item_id>")
def get_item(item_id: str) -> flask.Response:
    with items_lock:
        item = items.get(item_id)
    if item is None:
        # L'id demandé n'est pas journalisé : il vient du client, tel quel.
        return error("Article introuvable.", 404)
    return flask.jsonify(item)
