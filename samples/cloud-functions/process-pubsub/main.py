"""Cloud Run function déclenchée par un message Pub/Sub (événement messagePublished)."""

import base64
import binascii
import json
import logging

import functions_framework
from cloudevents.http import CloudEvent

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

# Au-delà, le texte est tronqué dans les logs : un log n'est pas une copie du message.
MAX_LOGGED_CHARS = 100


class MalformedMessage(ValueError):
    """Le message ne peut pas être lu : le renvoyer ne le rendra pas lisible."""


def decode_message(data: object) -> str:
    """Extrait le texte du message Pub/Sub porté par l'événement."""
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict):
        raise MalformedMessage("l'événement ne contient pas d'objet « message »")
    encoded = message.get("data")
    if not isinstance(encoded, str) or not encoded:
        raise MalformedMessage("le message n'a pas de champ « data »")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except binascii.Error as error:
        raise MalformedMessage("« data » n'est pas du base64 valide") from error
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedMessage("le message n'est pas du texte UTF-8") from error


def quoted(text: str) -> str:
    """Texte entre guillemets, échappé et tronqué : un log reste sur une ligne."""
    if len(text) > MAX_LOGGED_CHARS:
        text = text[:MAX_LOGGED_CHARS] + "…"
    return json.dumps(text, ensure_ascii=False)


@functions_framework.cloud_event
def process_pubsub(cloud_event: CloudEvent) -> None:
    """Décode le message reçu et le traite."""
    event_id = cloud_event["id"]

    try:
        text = decode_message(cloud_event.data)
    except MalformedMessage as error:
        # On rend la main sans exception : le message est acquitté au lieu d'être
        # renvoyé en boucle par Pub/Sub alors qu'il restera illisible.
        logger.warning("Message %s rejeté : %s", event_id, error)
        return

    logger.info(
        "Message %s reçu (%s) : %s", event_id, cloud_event["type"], quoted(text)
    )
    # Traitement du message : ici, le code métier.
    logger.info("Message %s traité", event_id)
