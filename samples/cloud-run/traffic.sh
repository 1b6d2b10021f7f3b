#!/usr/bin/env bash
# Déploie myapp:v2 sans trafic, puis canary, déploiement progressif, bascule et rollback.
set -euo pipefail

PROJECT_ID="$(gcloud config get-value project)"

# --8<-- [start:stable]
# Noter la révision qui sert le trafic aujourd'hui : c'est elle que le rollback rappellera
STABLE_REVISION="$(gcloud run services describe myapp --region=europe-west1 --format="value(status.latestReadyRevisionName)")"
echo "Révision stable : ${STABLE_REVISION}"
# --8<-- [end:stable]

# --8<-- [start:deploy-v2]
# Déployer nouvelle version sans traffic
gcloud run deploy myapp \
    --image="europe-west1-docker.pkg.dev/${PROJECT_ID}/docker-repo/myapp:v2" \
    --region=europe-west1 \
    --no-traffic \
    --tag=v2
# --8<-- [end:deploy-v2]

# --8<-- [start:canary]
# Canary : 10% vers v2
gcloud run services update-traffic myapp \
    --region=europe-west1 \
    --to-tags=v2=10
# --8<-- [end:canary]

# --8<-- [start:gradual]
# Gradual rollout : 50%
gcloud run services update-traffic myapp \
    --region=europe-west1 \
    --to-tags=v2=50
# --8<-- [end:gradual]

# --8<-- [start:full]
# Full rollout
gcloud run services update-traffic myapp \
    --region=europe-west1 \
    --to-latest
# --8<-- [end:full]

# --8<-- [start:rollback]
# Rollback immédiat
gcloud run services update-traffic myapp \
    --region=europe-west1 \
    --to-revisions="${STABLE_REVISION}=100"
# --8<-- [end:rollback]
