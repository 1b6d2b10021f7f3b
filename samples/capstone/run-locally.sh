#!/usr/bin/env bash
# Faire tourner le projet final sur son poste, avec les émulateurs de la Google Cloud CLI.
set -euo pipefail

cd "$(dirname "$0")/../.."

# Avec une Google Cloud CLI installée par apt, les émulateurs sont des paquets :
# INSTALL_WITH_APT=true les installe une fois.
INSTALL_WITH_APT="${INSTALL_WITH_APT:-false}"

if [[ "$INSTALL_WITH_APT" == true ]]; then
    # --8<-- [start:install-apt]
    sudo apt-get install google-cloud-cli-pubsub-emulator google-cloud-cli-firestore-emulator
    # --8<-- [end:install-apt]
fi

# --8<-- [start:capstone]
python3 -m pip install -r requirements/nox.txt
python3 -m nox -s capstone
# --8<-- [end:capstone]

# --8<-- [start:drill]
python3 -m nox -s drill
# --8<-- [end:drill]
