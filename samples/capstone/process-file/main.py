"""Cloud Function (Pub/Sub) : traite les fichiers annoncés sur le topic file-validated.

Pub/Sub livre chaque message au moins une fois : le même message peut revenir. Le
traitement est donc idempotent : le statut du fichier passe à « processed » dans une
transaction Firestore, sur un document dont l'identifiant se déduit du fichier
(bucket, nom, génération). Une seconde livraison trouve « processed » et s'arrête là.
"""

import base64
import binascii
import hashlib
import json
import logging
import os
from datetime import UTC, datetime
from typing import Any

import functions_framework
from cloudevents.http import CloudEvent
from google.cloud import firestore

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

COLLECTION = os.environ.get("FILES_COLLECTION", "files")

db = firestore.Client()


class UnreadableMessage(ValueError):
    """Un message qu'aucune nouvelle tentative ne rendra lisible."""


def document_id(bucket: str, name: str, generation: str) -> str:
    """Même calcul que validate-file : le même fichier donne le même document."""
    key = f"{bucket}/{name}#{generation}"
    return hashlib.sha256(key.encode()).hexdigest()


def read_file_message(data: Any) -> dict[str, str]:
    """Le fichier annoncé par validate-file, tiré du message Pub/Sub (base64 + JSON)."""
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict) or not isinstance(message.get("data"), str):
        raise UnreadableMessage("pas de message.data")
    try:
        payload = json.loads(base64.b64decode(message["data"], validate=True))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableMessage(f"ni base64 ni JSON ({type(error).__name__})") from None
    if not isinstance(payload, dict):
        raise UnreadableMessage("le JSON n'est pas un objet")
    fields = ("bucket", "name", "generation")
    if not all(isinstance(payload.get(f), str) and payload[f] for f in fields):
        raise UnreadableMessage("bucket, name ou generation manquant")
    return {field: payload[field] for field in fields}


# --8<-- [start:idempotent]
@firestore.transactional
def mark_processed(
    transaction: firestore.Transaction,
    ref: firestore.DocumentReference,
    file: dict[str, str],
    message_id: str,
) -> str:
    """Passe le fichier à « processed », une seule fois ; renvoie ce qui a été fait."""
    snapshot = ref.get(transaction=transaction)
    status = snapshot.get("status") if snapshot.exists else None
    if status in ("processed", "rejected"):
        return status

    now = datetime.now(UTC)
    fields = {
        "status": "processed",
        "processed_at": now,
        "updated_at": now,
        "message_id": message_id,
    }
    if snapshot.exists:
        transaction.update(ref, fields)
    else:
        # Message publié sans passer par validate-file : on enregistre ce qu'on sait.
        transaction.set(ref, {**file, "reason": None, "uploaded_at": None, **fields})
    return "done"


# --8<-- [end:idempotent]


# --8<-- [start:entry-point]
@functions_framework.cloud_event
def process_file(cloud_event: CloudEvent) -> None:
    """Traite un événement google.cloud.pubsub.topic.v1.messagePublished."""
    data = cloud_event.data
    message = data.get("message") if isinstance(data, dict) else None
    message_id = message.get("messageId") if isinstance(message, dict) else None
    message_id = message_id or cloud_event["id"]

    try:
        file = read_file_message(data)
    except UnreadableMessage as error:
        # Lever une exception renvoie une erreur à Pub/Sub, qui relivre le message
        # plus tard. Au bout du nombre maximal de tentatives de la politique de
        # lettres mortes, Pub/Sub le range dans le topic file-dead-letter.
        logger.error("Message %s illisible (%s) : refusé", message_id, error)
        raise

    # Une panne passagère de Firestore lève aussi une exception : Pub/Sub réessaie.
    ref = db.collection(COLLECTION).document(document_id(**file))
    outcome = mark_processed(db.transaction(), ref, file, message_id)

    name = file["name"]
    if outcome == "done":
        logger.info("Fichier traité : %r message %s", name, message_id)
    elif outcome == "processed":
        logger.info("Déjà traité, doublon ignoré : %r message %s", name, message_id)
    else:
        logger.warning("Fichier rejeté, non traité : %r message %s", name, message_id)


# --8<-- [end:entry-point]
