#!/usr/bin/env bash
# Règle la concurrence de myapp : beaucoup de requêtes par instance, ou une seule.
set -euo pipefail

# --8<-- [start:high]
# Concurrence élevée = moins d'instances = moins coûteux
gcloud run services update myapp \
    --region=europe-west1 \
    --concurrency=80
# --8<-- [end:high]

# --8<-- [start:cpu-bound]
# Pour workloads CPU-bound, réduire la concurrence
gcloud run services update myapp \
    --region=europe-west1 \
    --concurrency=1 \
    --cpu=2
# --8<-- [end:cpu-bound]
