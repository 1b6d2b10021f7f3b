#!/usr/bin/env bash
# Construit l'image de myapp et la déploie sur Cloud Run, puis montre les options avancées.
set -euo pipefail

PROJECT_ID="$(gcloud config get-value project)"
IMAGE="europe-west1-docker.pkg.dev/${PROJECT_ID}/docker-repo/myapp:v1"

# Les commandes se lancent depuis le dossier de l'application, comme dans le cours.
cd "$(dirname "$0")/myapp"

# --8<-- [start:build]
# Construire l'image avec Cloud Build (dépôt Artifact Registry docker-repo du module 7)
gcloud builds submit --tag="$IMAGE" .
# --8<-- [end:build]

# --8<-- [start:deploy-image]
# Depuis une image existante
gcloud run deploy myapp \
    --image="$IMAGE" \
    --region=europe-west1 \
    --allow-unauthenticated \
    --port=8080
# --8<-- [end:deploy-image]

# --8<-- [start:deploy-source]
# Depuis le code source (Dockerfile s'il y en a un, sinon buildpacks)
gcloud run deploy myapp \
    --source=. \
    --region=europe-west1 \
    --allow-unauthenticated
# --8<-- [end:deploy-source]

# --8<-- [start:deploy-advanced]
# Options avancées, avec Direct VPC egress : l'instance reçoit une IP du sous-réseau
gcloud run deploy myapp \
    --image="$IMAGE" \
    --region=europe-west1 \
    --cpu=2 \
    --memory=1Gi \
    --min-instances=1 \
    --max-instances=100 \
    --concurrency=80 \
    --timeout=300 \
    --set-env-vars="DB_HOST=10.0.0.5,ENV=production" \
    --service-account="myapp-sa@${PROJECT_ID}.iam.gserviceaccount.com" \
    --network=default \
    --subnet=default \
    --vpc-egress=all-traffic
# --8<-- [end:deploy-advanced]

# --8<-- [start:deploy-connector]
# Variante : les mêmes options, en passant par un connecteur d'accès au VPC sans serveur
gcloud run deploy myapp \
    --image="$IMAGE" \
    --region=europe-west1 \
    --cpu=2 \
    --memory=1Gi \
    --min-instances=1 \
    --max-instances=100 \
    --concurrency=80 \
    --timeout=300 \
    --set-env-vars="DB_HOST=10.0.0.5,ENV=production" \
    --service-account="myapp-sa@${PROJECT_ID}.iam.gserviceaccount.com" \
    --vpc-connector=my-connector \
    --vpc-egress=all-traffic
# --8<-- [end:deploy-connector]
