#!/usr/bin/env bash
# Triggers Eventarc vers le service Cloud Run myapp, puis appel planifié par Cloud Scheduler.
set -euo pipefail

PROJECT_ID="$(gcloud config get-value project)"
REGION="europe-west1"
# Compte de service du trigger : rôles roles/eventarc.eventReceiver et roles/run.invoker.
TRIGGER_SA="my-sa@${PROJECT_ID}.iam.gserviceaccount.com"
# Compte de service de Cloud Scheduler : rôle roles/run.invoker sur myapp.
SCHEDULER_SA="scheduler-sa@${PROJECT_ID}.iam.gserviceaccount.com"

# --8<-- [start:storage]
# Trigger sur Cloud Storage (le bucket doit être dans la même région que le trigger)
gcloud eventarc triggers create gcs-trigger \
    --location="$REGION" \
    --service-account="$TRIGGER_SA" \
    --destination-run-service=myapp \
    --destination-run-region="$REGION" \
    --event-filters="type=google.cloud.storage.object.v1.finalized" \
    --event-filters="bucket=my-bucket"
# --8<-- [end:storage]

# --8<-- [start:audit-logs]
# Trigger sur Audit Logs (ex: création de VM)
gcloud eventarc triggers create vm-created-trigger \
    --location="$REGION" \
    --service-account="$TRIGGER_SA" \
    --destination-run-service=myapp \
    --destination-run-region="$REGION" \
    --event-filters="type=google.cloud.audit.log.v1.written" \
    --event-filters="serviceName=compute.googleapis.com" \
    --event-filters="methodName=v1.compute.instances.insert"
# --8<-- [end:audit-logs]

# --8<-- [start:scheduler]
# Appel périodique avec Cloud Scheduler : une requête HTTP directe, sans Eventarc
gcloud scheduler jobs create http daily-job \
    --location="$REGION" \
    --schedule="0 9 * * *" \
    --time-zone="Europe/Paris" \
    --uri="https://myapp-xxx.run.app/cron" \
    --http-method=POST \
    --oidc-service-account-email="$SCHEDULER_SA"
# --8<-- [end:scheduler]

# --8<-- [start:list]
# Lister les triggers
gcloud eventarc triggers list --location="$REGION"
# --8<-- [end:list]
