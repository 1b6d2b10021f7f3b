"""Cloud Run function déclenchée par un événement Cloud Storage (objet finalisé)."""

import json
import logging

import functions_framework
from cloudevents.http import CloudEvent

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

# Le seul type d'événement qui déclenche un traitement : un fichier déposé ou remplacé.
FINALIZED = "google.cloud.storage.object.v1.finalized"


def quoted(text: str) -> str:
    """Nom entre guillemets et échappé : un nom de fichier ne peut pas forger un log."""
    return json.dumps(text, ensure_ascii=False)


@functions_framework.cloud_event
def process_gcs(cloud_event: CloudEvent) -> None:
    """Journalise l'événement et traite les nouveaux fichiers."""
    event_id = cloud_event["id"]
    event_type = cloud_event["type"]
    data = cloud_event.data if isinstance(cloud_event.data, dict) else {}
    bucket = data.get("bucket")
    name = data.get("name")

    # Un événement sans bucket ni nom ne désigne aucun fichier : rien à réessayer.
    if not isinstance(bucket, str) or not bucket:
        logger.warning("Événement %s rejeté : pas de champ « bucket »", event_id)
        return
    if not isinstance(name, str) or not name:
        logger.warning("Événement %s rejeté : pas de champ « name »", event_id)
        return
    uri = quoted(f"gs://{bucket}/{name}")

    logger.info("Événement %s : %s sur %s", event_id, event_type, uri)
    if event_type != FINALIZED:
        logger.info("Événement %s ignoré : seul %s est traité", event_id, FINALIZED)
        return

    logger.info("Nouveau fichier déposé : %s", uri)
    # Traitement du fichier : ici, le code métier.
    logger.info("Fichier %s traité", uri)
