#!/usr/bin/env bash
# Projet final, étape 7 : tester le flux complet, lire les logs, appeler l'API.
set -euo pipefail

REGION="europe-west1"
BUCKET_NAME="uploads-$(whoami | tr '[:upper:]' '[:lower:]')"
WORK_DIR="$(mktemp -d)"

# --8<-- [start:upload]
echo "=== TESTS ==="
# Un fichier valide, une extension refusée, un fichier vide, un nom peu commode
echo "Test file" > "$WORK_DIR/test.txt"
echo "Invalid" > "$WORK_DIR/test.exe"
: > "$WORK_DIR/vide.txt"
echo "Photo" > "$WORK_DIR/mon \"dernier\" été.jpg"

gcloud storage cp "$WORK_DIR/test.txt" "$WORK_DIR/test.exe" "$WORK_DIR/vide.txt" \
    "$WORK_DIR/mon \"dernier\" été.jpg" "gs://$BUCKET_NAME/"

sleep 20
# --8<-- [end:upload]

# --8<-- [start:logs]
echo "Logs validation:"
gcloud functions logs read validate-file --region="$REGION" --limit=10

echo ""
echo "Logs processing:"
gcloud functions logs read process-file --region="$REGION" --limit=10

echo ""
echo "Refus publiés sur file-errors:"
gcloud pubsub subscriptions pull file-errors-sub --auto-ack --limit=10
# --8<-- [end:logs]

# --8<-- [start:api]
API_URL="$(gcloud run services describe file-api --region="$REGION" --format='value(status.url)')"
UPLOAD_URL="$(gcloud functions describe api-upload --region="$REGION" --format='value(serviceConfig.uri)')"

echo ""
echo "Test API:"
curl --fail-with-body --silent "$UPLOAD_URL"
echo ""
curl --fail-with-body --silent "$API_URL/status"
echo ""
curl --fail-with-body --silent "$API_URL/files"
echo ""
curl --fail-with-body --silent --get "$API_URL/files/test.exe"

echo ""
echo "✅ Architecture serverless déployée!"
# --8<-- [end:api]
