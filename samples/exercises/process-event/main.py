"""Exercice 2 : valide les messages Pub/Sub reçus et les republie.

Un message {"id": "...", "value": ...} part sur le topic "processed" ; tout autre
message part sur "errors", accompagné de la raison du rejet.
"""

import base64
import json
import logging
import os

import functions_framework
from cloudevents.http import CloudEvent
from google.cloud import pubsub_v1

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

# Cloud Run ne fournit pas l'ID du projet à la fonction : le déploiement le passe
# avec --set-env-vars=PROJECT_ID=... Sans lui, mieux vaut refuser de démarrer.
PROJECT_ID = os.environ.get("PROJECT_ID", "")
if not PROJECT_ID:
    raise RuntimeError(
        "Variable d'environnement PROJECT_ID absente : "
        "déployez avec --set-env-vars=PROJECT_ID=<votre projet>."
    )
MAX_ID_LENGTH = 100
# Délai maximal d'attente de l'accusé de réception de Pub/Sub, en secondes.
PUBLISH_TIMEOUT_S = 30

# Un seul client par instance, réutilisé d'une invocation à l'autre.
publisher = pubsub_v1.PublisherClient()


class InvalidMessage(ValueError):
    """Le message reçu ne respecte pas le format {"id": "...", "value": ...}."""


def decode(data: object) -> str:
    """Décode le champ data d'un message Pub/Sub (base64) en texte."""
    try:
        raw = base64.b64decode(data, validate=True)
    except (ValueError, TypeError) as bad:
        raise InvalidMessage("Les données du message ne sont pas du base64.") from bad
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        raise InvalidMessage("Les données du message ne sont pas en UTF-8.") from bad


def validate(text: str) -> dict:
    """Vérifie que le texte est un objet JSON {"id": "...", "value": ...}."""
    if not text:
        raise InvalidMessage("Le message est vide.")
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError) as bad:
        raise InvalidMessage("Le message n'est pas un JSON valide.") from bad
    if not isinstance(payload, dict):
        raise InvalidMessage('Le message doit être un objet {"id", "value"}.')
    missing = [field for field in ("id", "value") if field not in payload]
    if missing:
        raise InvalidMessage(f"Champs obligatoires manquants : {', '.join(missing)}.")
    item_id = payload["id"]
    if not isinstance(item_id, str) or not 1 <= len(item_id) <= MAX_ID_LENGTH:
        raise InvalidMessage(
            f'Le champ "id" doit être une chaîne de 1 à {MAX_ID_LENGTH} caractères.'
        )
    return payload


def publish(topic: str, body: dict) -> str:
    """Publie body en JSON et attend que Pub/Sub l'ait accepté."""
    topic_path = publisher.topic_path(PROJECT_ID, topic)
    future = publisher.publish(topic_path, json.dumps(body).encode("utf-8"))
    # Sans cette attente, la fonction rendrait la main avant l'envoi : l'instance
    # peut alors être arrêtée et le message perdu. Un échec lève une exception,
    # l'événement est refusé et Pub/Sub le présentera de nouveau (--retry).
    return future.result(timeout=PUBLISH_TIMEOUT_S)


@functions_framework.cloud_event
def process_event(cloud_event: CloudEvent) -> None:
    """Reçoit un message Pub/Sub et le republie sur "processed" ou "errors"."""
    event_id = cloud_event["id"]
    data = cloud_event.data
    message = data.get("message") if isinstance(data, dict) else None

    # Tant qu'il n'est pas décodé, le message est conservé tel qu'il est arrivé.
    original = message.get("data", "") if isinstance(message, dict) else None
    try:
        if not isinstance(message, dict):
            raise InvalidMessage("L'événement ne contient pas de message Pub/Sub.")
        original = decode(original)
        payload = validate(original)
    except InvalidMessage as rejected:
        error = {
            "original_message": original,
            "error": str(rejected),
            "event_id": event_id,
        }
        message_id = publish("errors", error)
        logger.warning(
            "Événement %s rejeté (%s) : publié sur errors (message %s)",
            event_id,
            rejected,
            message_id,
        )
        return

    processed = {
        "id": payload["id"],
        "value": payload["value"],
        "processed": True,
        "original_event_id": event_id,
    }
    message_id = publish("processed", processed)
    # L'id fait au plus 100 caractères ; %r neutralise les retours à la ligne.
    logger.info(
        "Événement %s traité : id %r publié sur processed (message %s)",
        event_id,
        payload["id"],
        message_id,
    )
