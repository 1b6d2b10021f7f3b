#!/usr/bin/env bash
# Exercice 3 : déploie items-api sur Cloud Run depuis ses sources et l'appelle.
set -euo pipefail

# Les commandes se lancent depuis le dossier de l'application, comme dans le cours.
cd "$(dirname "$0")/items-api"

# --8<-- [start:deploy]
# Deploy : le Dockerfile du dossier est construit par Cloud Build.
# --max-instances=1 : les articles vivent dans la mémoire d'une seule instance.
gcloud run deploy items-api \
    --source=. \
    --region=europe-west1 \
    --allow-unauthenticated \
    --max-instances=1
# --8<-- [end:deploy]

# --8<-- [start:test]
# Test
URL="$(gcloud run services describe items-api --region=europe-west1 --format="value(status.url)")"

# Health check
curl "$URL/health"

# Create item : la réponse contient l'id choisi par l'API
CREATED="$(curl -s -X POST "$URL/items" -H "Content-Type: application/json" -d '{"name": "Widget"}')"
echo "$CREATED"
ITEM_ID="$(echo "$CREATED" | sed -E 's/.*"id": *"([^"]+)".*/\1/')"

# List items
curl "$URL/items"

# Get item
curl "$URL/items/$ITEM_ID"
# --8<-- [end:test]
