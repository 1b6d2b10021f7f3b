"""Reliability drill: 1,000 uploads while process-file is killed and restarted.

The whole final project runs locally (see tools/capstone.py). Uploads are sent
concurrently; once a third of them are out, process-file is killed with SIGKILL
(in-flight work is lost, as when an instance disappears), and started again a few
seconds later on the same port. Pub/Sub redelivers what was not acknowledged, and the
idempotent processing must absorb the redeliveries.

    python -m tools.drill [--uploads 1000]      # or: nox -s drill

Prints uploads sent, statuses recorded, lost, duplicated and the end-to-end time. A
benchmark, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import threading
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools.capstone import (
    DEAD_LETTER_TOPIC,
    Stack,
    install_signal_handlers,
)

DOWNTIME_S = 3.0
# Locally the emulator redelivers within about a second (see tools/capstone.py):
# 100 attempts, Pub/Sub's maximum, cover the outage as 5 spaced-out attempts (10 s to
# 600 s apart) do on Google Cloud. Whatever still fails lands in the dead letters.
MAX_DELIVERY_ATTEMPTS = 100
# Eventarc redelivers an event its function did not acknowledge; so does the drill.
UPLOAD_ATTEMPTS = 5


def drill_files(count: int) -> list[tuple[str, bytes, str, int]]:
    """(name, content, final status, deliveries) of each upload.

    One upload in ten has a refused extension; the others must end processed. One
    in seven has its storage event delivered twice.
    """
    files = []
    for number in range(1, count + 1):
        deliveries = 2 if number % 7 == 0 else 1
        if number % 10 == 0:
            name, content, final = f"drill/fichier-{number:04d}.exe", b"MZ", "rejected"
        else:
            name, content, final = f"drill/fichier-{number:04d}.txt", b"ok", "processed"
        files.append((name, content, final, deliveries))
    return files


def upload_like_eventarc(
    stack: Stack, name: str, content: bytes, deliveries: int = 1
) -> tuple[str, int]:
    """Deliver the storage event until validate-file acknowledges it (2xx).

    ``deliveries=2`` delivers the same event a second time once acknowledged: at
    least once means that this can happen, and nothing may be recorded twice.
    """
    doc_id, event = stack.storage_event(name, content)
    retries = 0
    for _ in range(deliveries):
        for attempt in range(1, UPLOAD_ATTEMPTS + 1):
            try:
                stack.deliver(event)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                retries += 1
                time.sleep(0.5 * attempt)
        else:
            raise RuntimeError(f"validate-file never acknowledged {name!r}")
    return doc_id, retries


def run(count: int, workers: int) -> int:
    files = drill_files(count)
    kill_after = count // 3

    with (
        tempfile.TemporaryDirectory(prefix="drill-") as tmp,
        Stack(Path(tmp), max_delivery_attempts=MAX_DELIVERY_ATTEMPTS) as stack,
    ):
        print(f"Démarrage : {stack.started_in_s:.1f} s")
        expected: dict[str, str] = {}
        retried = 0
        twice = 0
        sent = 0
        killed = threading.Event()
        lock = threading.Lock()

        def kill_and_restart() -> None:
            stack.kill("process-file")
            print(f"process-file tué (SIGKILL) après {sent} dépôts")
            time.sleep(DOWNTIME_S)
            stack.start("process-file")
            print(f"process-file relancé après {DOWNTIME_S:.0f} s d'arrêt")

        def send(item: tuple[str, bytes, str, int]) -> None:
            nonlocal sent, retried, twice
            name, content, final, deliveries = item
            doc_id, retries = upload_like_eventarc(stack, name, content, deliveries)
            with lock:
                expected[doc_id] = final
                sent += 1
                retried += retries
                twice += deliveries > 1
                if sent >= kill_after and not killed.is_set():
                    killed.set()
                    threading.Thread(target=kill_and_restart).start()

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(send, files))
        print(f"{sent} dépôts envoyés en {time.monotonic() - started:.1f} s")

        found = stack.wait_for_statuses(expected, timeout_s=180)
        elapsed = time.monotonic() - started
        dead = stack.pull(f"{DEAD_LETTER_TOPIC}-sub", max_messages=1000)

        records = {
            k: v
            for k, v in found.items()
            if str(v.get("name", "")).startswith("drill/")
        }
        per_name = collections.Counter(v["name"] for v in records.values())
        lost = [
            d
            for d, final in expected.items()
            if found.get(d, {}).get("status") != final
        ]
        duplicated = sum(n - 1 for n in per_name.values() if n > 1)
        log = stack.function_log_lines("process-file")
        processed_lines = collections.Counter(
            line.split("Fichier traité : ", 1)[1].rsplit(" message ", 1)[0]
            for line in log
            if "Fichier traité : " in line
        )
        processed_twice = sum(1 for n in processed_lines.values() if n > 1)
        absorbed = sum("Déjà traité" in line for line in log)

        print()
        print(f"Dépôts envoyés          : {sent}")
        statuses = collections.Counter(v["status"] for v in records.values())
        print(f"Événements livrés 2 fois: {twice}")
        print(f"Livraisons réessayées   : {retried}")
        print(f"Statuts enregistrés     : {len(records)}")
        for status, number in sorted(statuses.items()):
            print(f"  dont {status:<17}: {number}")
        print(f"Perdus                  : {len(lost)}")
        print(f"Dupliqués (documents)   : {duplicated}")
        print(f"Traités deux fois (logs): {processed_twice}")
        print(f"Doublons absorbés       : {absorbed}")
        print(f"Lettres mortes          : {len(dead)}")
        print(f"Durée de bout en bout   : {elapsed:.1f} s")
        print(
            f"\nRésumé : {sent} envoyés, {len(records)} statuts, {len(lost)} perdus, "
            f"{duplicated} dupliqués, {elapsed:.1f} s"
        )
        return 1 if lost or duplicated or processed_twice else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    install_signal_handlers()
    return run(args.uploads, args.workers)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("Interrompu : tous les processus lancés sont arrêtés.")
        sys.exit(130)
