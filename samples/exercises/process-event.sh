#!/usr/bin/env bash
# Exercice 2 : crée les topics, déploie process-event (2nd gen) et le met à l'épreuve.
set -euo pipefail

# Les commandes se lancent depuis le dossier de la fonction, comme dans le cours.
cd "$(dirname "$0")/process-event"

# --8<-- [start:topics]
# Créer les topics
gcloud pubsub topics create input-events
gcloud pubsub topics create processed
gcloud pubsub topics create errors

# Un abonnement par topic de sortie, pour lire ce que la fonction y publie
gcloud pubsub subscriptions create processed-sub --topic=processed
gcloud pubsub subscriptions create errors-sub --topic=errors
# --8<-- [end:topics]

# --8<-- [start:deploy]
PROJECT_ID="$(gcloud config get-value project)"
PROJECT_NUMBER="$(gcloud projects describe "$PROJECT_ID" --format="value(projectNumber)")"

# La fonction publie avec le compte de service Compute Engine par défaut
for TOPIC in processed errors; do
    gcloud pubsub topics add-iam-policy-binding "$TOPIC" \
        --member="serviceAccount:${PROJECT_NUMBER}-compute@developer.gserviceaccount.com" \
        --role=roles/pubsub.publisher
done

# Déployer ; --retry : un événement dont la publication a échoué sera représenté
gcloud functions deploy process-event \
    --gen2 \
    --runtime=python313 \
    --trigger-topic=input-events \
    --region=europe-west1 \
    --entry-point=process_event \
    --retry \
    --set-env-vars="PROJECT_ID=$PROJECT_ID"
# --8<-- [end:deploy]

# --8<-- [start:test]
# Tester
gcloud pubsub topics publish input-events \
    --message='{"id": "123", "value": "test"}'

gcloud pubsub topics publish input-events \
    --message='{"invalid": "data"}'

# Laisser à la fonction le temps de traiter, puis lire chaque topic de sortie
sleep 20
gcloud pubsub subscriptions pull processed-sub --auto-ack --limit=10
gcloud pubsub subscriptions pull errors-sub --auto-ack --limit=10
# --8<-- [end:test]

# --8<-- [start:logs]
# Voir les logs
gcloud functions logs read process-event --region=europe-west1
# --8<-- [end:logs]
