#!/usr/bin/env bash
# Projet final, étapes 6 et 8 : l'API sur Cloud Run, avec son autoscaling.
set -euo pipefail

PROJECT_ID="$(gcloud config get-value project)"
REGION="europe-west1"
SA_EMAIL="file-pipeline@${PROJECT_ID}.iam.gserviceaccount.com"

cd "$(dirname "$0")/file-api"

# --8<-- [start:deploy]
# 6. API Cloud Run construite depuis le Dockerfile du dossier ; 8. autoscaling 0 à 10
gcloud run deploy file-api \
    --source=. \
    --region="$REGION" \
    --allow-unauthenticated \
    --service-account="$SA_EMAIL" \
    --min-instances=0 \
    --max-instances=10 \
    --cpu=1 \
    --memory=512Mi
# --8<-- [end:deploy]
