"""Cloud Function HTTP : l'état du système de traitement de fichiers."""

import logging

import flask
import functions_framework

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)

SERVICE_STATUS = {
    "service": "File Processing System",
    "status": "operational",
    "version": "1.0",
}


@functions_framework.http
def api_upload(request: flask.Request) -> flask.Response:
    """Répond à GET (et HEAD) par l'état du service ; refuse les autres méthodes."""
    if request.method not in ("GET", "HEAD"):
        logger.warning("Méthode refusée : %s", request.method)
        response = flask.jsonify(
            {"error": "Seule la méthode GET est acceptée.", "status": "error"}
        )
        response.status_code = 405
        response.headers["Allow"] = "GET, HEAD"
        return response

    return flask.jsonify(SERVICE_STATUS)
