#!/usr/bin/env bash
# Supprime les images que les déploiements depuis le code source ont laissées dans
# Artifact Registry. À lancer seulement si aucun autre service ou fonction du projet
# n'a été déployé depuis le code source dans cette région : leurs images partent aussi.
set -euo pipefail

REGION="europe-west1"

skip() {
    echo "ignoré (déjà supprimé ou jamais créé) : $1" >&2
}

# --8<-- [start:images]
# Images de gcloud run deploy --source, puis celles des Cloud Functions
for repository in cloud-run-source-deploy gcf-artifacts; do
    gcloud artifacts repositories delete "$repository" \
        --location="$REGION" --quiet \
        || skip "dépôt Artifact Registry $repository"
done
# --8<-- [end:images]
