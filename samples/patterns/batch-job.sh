#!/usr/bin/env bash
# Pattern 3 : traitement par lots planifié avec Cloud Run Jobs et Cloud Scheduler.
set -euo pipefail

PROJECT_ID="$(gcloud config get-value project)"
REGION="europe-west1"
# Compte de service de Cloud Scheduler : rôle roles/run.invoker sur le job.
SCHEDULER_SA="scheduler-sa@${PROJECT_ID}.iam.gserviceaccount.com"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# --8<-- [start:create]
# Créer un Cloud Run Job
gcloud run jobs create batch-processor \
    --image="europe-west1-docker.pkg.dev/${PROJECT_ID}/docker-repo/batch:v1" \
    --region="$REGION" \
    --tasks=10 \
    --parallelism=5 \
    --cpu=2 \
    --memory=4Gi \
    --task-timeout=3600 \
    --max-retries=3
# --8<-- [end:create]

# --8<-- [start:replace]
# Ou créer (ou mettre à jour) le même job depuis le manifeste YAML
MANIFEST_DIR="$(mktemp -d)"
sed "s|/PROJECT_ID/|/${PROJECT_ID}/|" "${HERE}/batch-job/job.yaml" > "${MANIFEST_DIR}/job.yaml"
gcloud run jobs replace "${MANIFEST_DIR}/job.yaml" --region="$REGION"
# --8<-- [end:replace]

# --8<-- [start:execute]
# Exécuter manuellement
gcloud run jobs execute batch-processor --region="$REGION"
# --8<-- [end:execute]

# --8<-- [start:schedule]
# Scheduler pour exécution quotidienne (API Cloud Run v2, jeton OAuth)
gcloud scheduler jobs create http batch-daily \
    --location="$REGION" \
    --schedule="0 2 * * *" \
    --time-zone="Europe/Paris" \
    --uri="https://run.googleapis.com/v2/projects/${PROJECT_ID}/locations/${REGION}/jobs/batch-processor:run" \
    --http-method=POST \
    --oauth-service-account-email="$SCHEDULER_SA"
# --8<-- [end:schedule]
