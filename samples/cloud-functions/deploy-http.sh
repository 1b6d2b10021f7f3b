#!/usr/bin/env bash
# Déploie hello-http en 1st gen puis en 2nd gen (Cloud Run functions) et l'appelle.
set -euo pipefail

# Les commandes se lancent depuis le dossier de la fonction, comme dans le cours.
cd "$(dirname "$0")/hello-http"

# --8<-- [start:deploy-gen1]
# 1st gen - HTTP : --gen1 n'existe pas, c'est --no-gen2 qui choisit la 1st gen
gcloud functions deploy hello-http \
    --no-gen2 \
    --runtime=python313 \
    --trigger-http \
    --allow-unauthenticated \
    --region=europe-west1 \
    --entry-point=hello_http \
    --memory=256MB \
    --timeout=60s
# --8<-- [end:deploy-gen1]

# --8<-- [start:deploy-gen2]
# 2nd gen - HTTP (recommandé) : une Cloud Run function, créée par l'API Cloud Functions v2
gcloud functions deploy hello-http-v2 \
    --gen2 \
    --runtime=python313 \
    --trigger-http \
    --allow-unauthenticated \
    --region=europe-west1 \
    --entry-point=hello_http \
    --memory=256Mi \
    --timeout=60s \
    --min-instances=0 \
    --max-instances=10
# --8<-- [end:deploy-gen2]

# --8<-- [start:deploy-run]
# La même fonction, déployée directement sur Cloud Run
gcloud run deploy hello-http-run \
    --source=. \
    --function=hello_http \
    --base-image=python313 \
    --region=europe-west1 \
    --allow-unauthenticated
# --8<-- [end:deploy-run]

# --8<-- [start:test]
# Tester
FUNCTION_URL="$(gcloud functions describe hello-http-v2 --region=europe-west1 --format="value(url)")"
curl -X POST "$FUNCTION_URL" \
    -H "Content-Type: application/json" \
    -d '{"name": "GCP Developer"}'
# --8<-- [end:test]
