#!/usr/bin/env bash
# Projet final, étapes 3 à 5 : les trois Cloud Run functions, depuis leurs dossiers.
set -euo pipefail

PROJECT_ID="$(gcloud config get-value project)"
PROJECT_NUMBER="$(gcloud projects describe "$PROJECT_ID" --format='value(projectNumber)')"
REGION="europe-west1"
BUCKET_NAME="uploads-$(whoami | tr '[:upper:]' '[:lower:]')"
SA_EMAIL="file-pipeline@${PROJECT_ID}.iam.gserviceaccount.com"

cd "$(dirname "$0")"

# --8<-- [start:api-upload]
# 3. Cloud Function HTTP : l'état du service
gcloud functions deploy api-upload \
    --gen2 \
    --runtime=python313 \
    --region="$REGION" \
    --source=api-upload \
    --entry-point=api_upload \
    --trigger-http \
    --allow-unauthenticated \
    --service-account="$SA_EMAIL"
# --8<-- [end:api-upload]

# --8<-- [start:validate-file]
# 4. Cloud Function déclenchée par Cloud Storage (objet finalisé dans le bucket).
# --retry : un échec passager (Firestore, Pub/Sub) fait relivrer l'événement.
gcloud functions deploy validate-file \
    --gen2 \
    --runtime=python313 \
    --region="$REGION" \
    --source=validate-file \
    --entry-point=validate_file \
    --trigger-bucket="$BUCKET_NAME" \
    --retry \
    --service-account="$SA_EMAIL" \
    --trigger-service-account="$SA_EMAIL"
# --8<-- [end:validate-file]

# --8<-- [start:process-file]
# 5. Cloud Function déclenchée par Pub/Sub : --retry, sinon une erreur perd le message
gcloud functions deploy process-file \
    --gen2 \
    --runtime=python313 \
    --region="$REGION" \
    --source=process-file \
    --entry-point=process_file \
    --trigger-topic=file-validated \
    --retry \
    --service-account="$SA_EMAIL" \
    --trigger-service-account="$SA_EMAIL"
# --8<-- [end:process-file]

# --8<-- [start:dead-letter]
# Lettres mortes : sur l'abonnement qu'Eventarc a créé pour process-file.
# À refaire après chaque redéploiement de la fonction.
TRIGGER="$(gcloud functions describe process-file --region="$REGION" --format='value(eventTrigger.trigger)')"
SUBSCRIPTION="$(gcloud eventarc triggers describe "$TRIGGER" --location="$REGION" --format='value(transport.pubsub.subscription)')"
gcloud pubsub subscriptions update "$SUBSCRIPTION" \
    --dead-letter-topic=file-dead-letter \
    --max-delivery-attempts=5

# L'agent de service de Pub/Sub doit pouvoir accuser réception sur cet abonnement
PUBSUB_AGENT="service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com"
gcloud pubsub subscriptions add-iam-policy-binding "$SUBSCRIPTION" \
    --member="serviceAccount:$PUBSUB_AGENT" \
    --role=roles/pubsub.subscriber
# --8<-- [end:dead-letter]
