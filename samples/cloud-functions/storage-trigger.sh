#!/usr/bin/env bash
# Crée un bucket, y branche process-gcs (2nd gen), dépose un fichier et lit les logs.
set -euo pipefail

PROJECT_ID="$(gcloud config get-value project)"

# Les commandes se lancent depuis le dossier de la fonction, comme dans le cours.
cd "$(dirname "$0")/process-gcs"

# --8<-- [start:create-bucket]
# Créer un bucket (dans la région de la fonction)
gcloud storage buckets create "gs://my-trigger-bucket-${PROJECT_ID}" \
    --location=europe-west1
# --8<-- [end:create-bucket]

# --8<-- [start:service-agent]
# Autoriser l'agent de service Cloud Storage à publier les événements (une fois par projet)
STORAGE_AGENT="$(gcloud storage service-agent --project="$PROJECT_ID")"
gcloud projects add-iam-policy-binding "$PROJECT_ID" \
    --member="serviceAccount:${STORAGE_AGENT}" \
    --role="roles/pubsub.publisher"
# --8<-- [end:service-agent]

# --8<-- [start:deploy]
# Déployer
gcloud functions deploy process-gcs \
    --gen2 \
    --runtime=python313 \
    --trigger-bucket="my-trigger-bucket-${PROJECT_ID}" \
    --region=europe-west1 \
    --entry-point=process_gcs
# --8<-- [end:deploy]

# --8<-- [start:test]
# Tester
echo "test content" > test.txt
gcloud storage cp test.txt "gs://my-trigger-bucket-${PROJECT_ID}/"
# --8<-- [end:test]

# --8<-- [start:logs]
# Logs
gcloud functions logs read process-gcs --region=europe-west1
# --8<-- [end:logs]
