#!/usr/bin/env bash
# Crée un topic, y abonne process-pubsub (2nd gen), publie un message et lit les logs.
set -euo pipefail

# Les commandes se lancent depuis le dossier de la fonction, comme dans le cours.
cd "$(dirname "$0")/process-pubsub"

# --8<-- [start:create-topic]
# Créer un topic Pub/Sub
gcloud pubsub topics create my-topic
# --8<-- [end:create-topic]

# --8<-- [start:deploy]
# Déployer la function (2nd gen)
gcloud functions deploy process-pubsub \
    --gen2 \
    --runtime=python313 \
    --trigger-topic=my-topic \
    --region=europe-west1 \
    --entry-point=process_pubsub
# --8<-- [end:deploy]

# --8<-- [start:test]
# Tester
gcloud pubsub topics publish my-topic --message="Hello from Pub/Sub!"
# --8<-- [end:test]

# --8<-- [start:logs]
# Voir les logs
gcloud functions logs read process-pubsub --region=europe-west1
# --8<-- [end:logs]
