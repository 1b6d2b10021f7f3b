#!/usr/bin/env bash
# Deux réglages Cloud Run : production sans démarrage à froid, dev/test au plus bas coût.
set -euo pipefail

REGION="europe-west1"

# --8<-- [start:production]
# Production : Min instances pour éviter cold starts
# --cpu-throttling = facturation par requête (le défaut) : CPU alloué seulement
# pendant les requêtes ; l'instance minimale inactive est facturée au tarif réduit.
gcloud run services update myapp \
    --region="$REGION" \
    --min-instances=1 \
    --max-instances=100 \
    --concurrency=80 \
    --cpu=1 \
    --memory=512Mi \
    --cpu-throttling
# --8<-- [end:production]

# --8<-- [start:dev]
# Dev/Test : Scale to zero
# Moins de 1 vCPU impose une requête à la fois (--concurrency=1), la facturation
# par requête et l'environnement d'exécution de 1re génération.
gcloud run services update myapp-dev \
    --region="$REGION" \
    --min-instances=0 \
    --max-instances=10 \
    --concurrency=1 \
    --cpu=0.5 \
    --memory=256Mi \
    --execution-environment=gen1
# --8<-- [end:dev]
