#!/usr/bin/env bash
# Supprime tout ce que le module 8 a créé dans le projet courant, en europe-west1.
# Une ressource absente (exercice non fait) est signalée puis ignorée.
set -euo pipefail

PROJECT_ID="$(gcloud config get-value project)"
REGION="europe-west1"
UPLOADS_BUCKET="uploads-$(whoami | tr '[:upper:]' '[:lower:]')"

skip() {
    echo "ignoré (déjà supprimé ou jamais créé) : $1" >&2
}

# --8<-- [start:scheduler]
# Cloud Scheduler jobs
for job in daily-job batch-daily; do
    gcloud scheduler jobs delete "$job" --location="$REGION" --quiet \
        || skip "Cloud Scheduler $job"
done
# --8<-- [end:scheduler]

# --8<-- [start:eventarc]
# Eventarc triggers créés à la main (ceux des fonctions partent avec elles)
for trigger in gcs-trigger vm-created-trigger; do
    gcloud eventarc triggers delete "$trigger" --location="$REGION" --quiet \
        || skip "trigger $trigger"
done
# --8<-- [end:eventarc]

# --8<-- [start:functions]
# Cloud Functions (1st gen et Cloud Run functions)
for function in hello-http hello-http-v2 process-pubsub process-gcs \
    uppercase process-event api-upload validate-file process-file; do
    gcloud functions delete "$function" --region="$REGION" --quiet \
        || skip "fonction $function"
done
# --8<-- [end:functions]

# --8<-- [start:run]
# Cloud Run : services et jobs
for service in myapp myapp-dev hello-http-run items-api file-api; do
    gcloud run services delete "$service" --region="$REGION" --quiet \
        || skip "service $service"
done
gcloud run jobs delete batch-processor --region="$REGION" --quiet \
    || skip "job batch-processor"
# --8<-- [end:run]

# --8<-- [start:pubsub]
# Pub/Sub topics
gcloud pubsub topics delete my-topic input-events processed errors \
    file-validated file-errors --quiet \
    || skip "un ou plusieurs topics Pub/Sub"
# --8<-- [end:pubsub]

# --8<-- [start:storage]
# Buckets Cloud Storage, avec leurs objets
for bucket in "my-trigger-bucket-${PROJECT_ID}" "$UPLOADS_BUCKET"; do
    gcloud storage rm --recursive "gs://${bucket}" \
        || skip "bucket gs://${bucket}"
done
# --8<-- [end:storage]

# --8<-- [start:check]
# Vérifier qu'il ne reste rien
gcloud functions list --regions="$REGION"
gcloud run services list --region="$REGION"
gcloud run jobs list --region="$REGION"
# --8<-- [end:check]

echo "Nettoyage terminé pour le projet ${PROJECT_ID} (${REGION})."
