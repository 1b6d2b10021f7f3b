"""API Cloud Run : l'état du service et le statut des fichiers déposés.

Les statuts sont ceux que validate-file et process-file écrivent dans Firestore :
« valid », « processed » ou « rejected » (avec sa raison).
"""

import logging
import os
from datetime import datetime
from typing import Any

from flask import Flask, jsonify, request
from google.cloud import firestore
from werkzeug.exceptions import HTTPException

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

COLLECTION = os.environ.get("FILES_COLLECTION", "files")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Un nom d'objet Cloud Storage tient en 1024 octets : au-delà, il n'existe pas.
MAX_NAME_BYTES = 1024
FIELDS = (
    "name",
    "bucket",
    "generation",
    "size",
    "content_type",
    "status",
    "reason",
    "uploaded_at",
    "validated_at",
    "processed_at",
    "updated_at",
)

app = Flask(__name__)
# Un nom d'objet peut contenir « // » : Flask ne doit pas le réécrire en « / ».
app.url_map.merge_slashes = False
db = firestore.Client()


def error(reason: str, status: int) -> tuple[Any, int]:
    """Réponse d'erreur en JSON : le client sait toujours pourquoi."""
    return jsonify({"error": reason, "status": "error"}), status


@app.errorhandler(HTTPException)
def http_error(exception: HTTPException) -> tuple[Any, int]:
    """Routes inconnues, mauvaises méthodes : du JSON, jamais une page HTML."""
    return error(exception.description or exception.name, exception.code or 500)


def as_json(fields: dict[str, Any]) -> dict[str, Any]:
    """Un document Firestore tel que l'API le montre : dates en ISO 8601."""
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in ((key, fields.get(key)) for key in FIELDS)
    }


def generation_order(generation: Any) -> tuple[int, str]:
    """Range "9" avant "10" sans conversion : une génération illisible passe."""
    text = str(generation)
    return len(text), text


@app.get("/status")
def status() -> Any:
    return jsonify({"status": "healthy", "service": "File API"})


@app.get("/files")
def files() -> Any:
    """Les derniers fichiers mis à jour, du plus récent au plus ancien."""
    raw_limit = request.args.get("limit", str(DEFAULT_LIMIT))
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
        return error(f"limit doit être un entier de 1 à {MAX_LIMIT}.", 400)

    query = (
        db.collection(COLLECTION)
        .order_by("updated_at", direction=firestore.Query.DESCENDING)
        .limit(int(raw_limit))
    )
    found = [as_json(snapshot.to_dict()) for snapshot in query.stream()]
    return jsonify({"files": found, "count": len(found)})


@app.get("/files/<path:name>")
def file(name: str) -> Any:
    """Le dernier dépôt d'un fichier, par son nom exact (« / » permis)."""
    # Werkzeug remplace déjà l'UTF-8 invalide de l'URL par « � » : rien ne plante ici.
    if len(name.encode()) > MAX_NAME_BYTES:
        return error(f"Nom de plus de {MAX_NAME_BYTES} octets.", 400)

    # Égalité seule : l'index automatique de Firestore suffit, sans index composite.
    query = db.collection(COLLECTION).where(
        filter=firestore.FieldFilter("name", "==", name)
    )
    found = [snapshot.to_dict() for snapshot in query.stream()]
    if not found:
        return error("Fichier inconnu.", 404)
    # Les générations sont des nombres en chaîne : la plus longue, puis la plus grande.
    latest = max(found, key=lambda fields: generation_order(fields.get("generation")))
    return jsonify({"file": as_json(latest)})
