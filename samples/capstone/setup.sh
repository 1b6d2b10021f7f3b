#!/usr/bin/env bash
# Projet final, étapes 1 et 2 : bucket, topics, base Firestore et droits.
set -euo pipefail

PROJECT_ID="$(gcloud config get-value project)"
PROJECT_NUMBER="$(gcloud projects describe "$PROJECT_ID" --format='value(projectNumber)')"
REGION="europe-west1"
BUCKET_NAME="uploads-$(whoami | tr '[:upper:]' '[:lower:]')"
SA_EMAIL="file-pipeline@${PROJECT_ID}.iam.gserviceaccount.com"

# --8<-- [start:bucket]
# 1. Bucket (gsutil mb est l'ancienne commande : gcloud storage la remplace)
gcloud storage buckets create "gs://$BUCKET_NAME" \
    --location="$REGION" \
    --uniform-bucket-level-access
# --8<-- [end:bucket]

# --8<-- [start:topics]
# 2. Topics Pub/Sub, dont le topic de lettres mortes de process-file
gcloud pubsub topics create file-validated file-errors file-dead-letter

# Un message publié sur un topic sans abonnement est perdu : on garde les refus
# et les lettres mortes pour pouvoir les lire.
gcloud pubsub subscriptions create file-errors-sub --topic=file-errors
gcloud pubsub subscriptions create file-dead-letter-sub --topic=file-dead-letter
# --8<-- [end:topics]

# --8<-- [start:firestore]
# Base Firestore (mode natif) où les fonctions écrivent le statut des fichiers
gcloud firestore databases create --location="$REGION"
# --8<-- [end:firestore]

# --8<-- [start:iam]
# Un compte de service pour les trois fonctions et l'API : le moindre privilège
gcloud iam service-accounts create file-pipeline \
    --display-name="Traitement de fichiers"
for ROLE in roles/datastore.user roles/pubsub.publisher \
    roles/eventarc.eventReceiver roles/run.invoker; do
    gcloud projects add-iam-policy-binding "$PROJECT_ID" \
        --member="serviceAccount:$SA_EMAIL" \
        --role="$ROLE"
done

# L'agent de service de Cloud Storage publie les événements du bucket
STORAGE_AGENT="$(gcloud storage service-agent --project="$PROJECT_ID")"
gcloud projects add-iam-policy-binding "$PROJECT_ID" \
    --member="serviceAccount:$STORAGE_AGENT" \
    --role=roles/pubsub.publisher

# L'agent de service de Pub/Sub range les messages dans les lettres mortes
PUBSUB_AGENT="service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com"
gcloud pubsub topics add-iam-policy-binding file-dead-letter \
    --member="serviceAccount:$PUBSUB_AGENT" \
    --role=roles/pubsub.publisher
# --8<-- [end:iam]
