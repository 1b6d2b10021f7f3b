"""Cloud Function (Cloud Storage) : valide chaque fichier déposé dans le bucket.

Un fichier valide est enregistré « valid » dans Firestore puis annoncé sur le topic
file-validated ; un fichier refusé est enregistré « rejected » avec sa raison et
annoncé sur file-errors. Rien d'autre que des variables d'environnement ne change
entre Google Cloud et les émulateurs (PUBSUB_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST).
"""

import hashlib
import json
import logging
import os
import unicodedata
from datetime import UTC, datetime
from typing import Any

import functions_framework
from cloudevents.http import CloudEvent
from google.api_core import exceptions
from google.cloud import firestore, pubsub_v1

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

# --8<-- [start:rules]
ALLOWED_EXTENSIONS = (".txt", ".pdf", ".jpg")
# Cloud Storage limite un nom d'objet à 1024 octets en UTF-8.
MAX_NAME_BYTES = 1024
# --8<-- [end:rules]
COLLECTION = os.environ.get("FILES_COLLECTION", "files")
VALID_TOPIC = os.environ.get("VALID_TOPIC", "file-validated")
ERROR_TOPIC = os.environ.get("ERROR_TOPIC", "file-errors")
PUBLISH_TIMEOUT_S = 30

# Créés une fois par instance, réutilisés d'une invocation à l'autre. Le projet vient
# de GOOGLE_CLOUD_PROJECT ou, sur Google Cloud, des identifiants de l'instance.
db = firestore.Client()
publisher = pubsub_v1.PublisherClient()


def document_id(bucket: str, name: str, generation: str) -> str:
    """Identifiant stable d'un dépôt : le même objet donne toujours le même document.

    Un nom d'objet peut contenir « / », des guillemets ou des accents : on ne s'en
    sert jamais tel quel comme identifiant Firestore, on en prend l'empreinte.
    """
    key = f"{bucket}/{name}#{generation}"
    return hashlib.sha256(key.encode()).hexdigest()


def rejection_reason(name: str, size: Any) -> str | None:
    """La raison du refus, ou None si le fichier est accepté."""
    if len(name.encode()) > MAX_NAME_BYTES:
        return f"Nom de plus de {MAX_NAME_BYTES} octets."
    if any(unicodedata.category(char) == "Cc" for char in name):
        return "Nom contenant des caractères de contrôle."
    if name.endswith("/"):
        return "Dossier, pas un fichier."
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        return "Extension non autorisée (" + ", ".join(ALLOWED_EXTENSIONS) + ")."
    # Cloud Storage envoie la taille comme une chaîne ("1234"), en JSON.
    if not isinstance(size, str | int) or not str(size).isdigit():
        return "Taille absente ou illisible."
    if int(size) == 0:
        return "Fichier vide."
    return None


def parse_time(value: Any) -> datetime | None:
    """Une date RFC 3339 de Cloud Storage ("2026-12-03T10:00:00.123Z"), ou None."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def publish(topic: str, message: dict[str, Any]) -> str:
    """Publie un message JSON et attend que Pub/Sub l'ait accepté."""
    topic_path = publisher.topic_path(db.project, topic)
    data = json.dumps(message, ensure_ascii=False).encode()
    return publisher.publish(topic_path, data).result(timeout=PUBLISH_TIMEOUT_S)


def record(doc_id: str, fields: dict[str, Any]) -> None:
    """Crée le statut du fichier, sans écraser celui d'une livraison précédente.

    Eventarc livre au moins une fois : si l'événement revient, le document existe
    déjà (peut-être déjà « processed ») et on le laisse tel quel.
    """
    try:
        db.collection(COLLECTION).document(doc_id).create(fields)
    except exceptions.AlreadyExists:
        logger.info("Statut déjà enregistré (%s) : événement relivré", doc_id)


@functions_framework.cloud_event
def validate_file(cloud_event: CloudEvent) -> None:
    """Valide l'objet d'un événement google.cloud.storage.object.v1.finalized."""
    event_id = cloud_event["id"]
    data = cloud_event.data

    if not isinstance(data, dict) or not all(
        isinstance(data.get(field), str) and data[field]
        for field in ("bucket", "name", "generation")
    ):
        logger.warning("Événement %s illisible : bucket, name ou generation", event_id)
        publish(ERROR_TOPIC, {"event_id": event_id, "reason": "Événement illisible."})
        return

    bucket, name, generation = data["bucket"], data["name"], data["generation"]
    reason = rejection_reason(name, data.get("size"))
    now = datetime.now(UTC)
    message = {
        "bucket": bucket,
        "name": name,
        "generation": generation,
        "size": data.get("size"),
        "content_type": data.get("contentType"),
    }
    record(
        document_id(bucket, name, generation),
        {
            **message,
            "status": "rejected" if reason else "valid",
            "reason": reason,
            "event_id": event_id,
            "uploaded_at": parse_time(data.get("timeCreated")) or now,
            "validated_at": now,
            "processed_at": None,
            "updated_at": now,
        },
    )

    if reason:
        publish(ERROR_TOPIC, {**message, "reason": reason})
        logger.warning("Fichier rejeté : %r (%s) événement %s", name, reason, event_id)
    else:
        publish(VALID_TOPIC, message)
        logger.info("Fichier validé : %r événement %s", name, event_id)
