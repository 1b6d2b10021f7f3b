#!/usr/bin/env bash
# Exercice 1 : déploie uppercase (2nd gen), l'appelle et lit ses logs.
set -euo pipefail

# Les commandes se lancent depuis le dossier de la fonction, comme dans le cours.
cd "$(dirname "$0")/uppercase"

# --8<-- [start:deploy]
# Déployer
gcloud functions deploy uppercase \
    --gen2 \
    --runtime=python313 \
    --trigger-http \
    --allow-unauthenticated \
    --region=europe-west1 \
    --entry-point=uppercase
# --8<-- [end:deploy]

# --8<-- [start:test]
# Tester
FUNCTION_URL="$(gcloud functions describe uppercase --region=europe-west1 --format="value(url)")"
curl -X POST "$FUNCTION_URL" \
    -H "Content-Type: application/json" \
    -d '{"text": "hello serverless world"}'

# Une entrée invalide reçoit un 400 et sa raison en JSON
curl -X POST "$FUNCTION_URL" \
    -H "Content-Type: application/json" \
    -d '{"text": 42}'

# Voir les logs
gcloud functions logs read uppercase --region=europe-west1
# --8<-- [end:test]
