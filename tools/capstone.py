"""Run the final project ("À vous de jouer") on one machine, with the real emulators.

Every part runs as it is deployed: each function under ``functions-framework``, the
file API under gunicorn as its Dockerfile starts it, all bound to 127.0.0.1. The
Pub/Sub emulator delivers ``file-validated`` to process-file through a push
subscription with a dead-letter policy, as Eventarc's subscription does once the
course's script has updated it. There is no Cloud Storage emulator: an upload is
the CloudEvent Eventarc sends for ``google.cloud.storage.object.v1.finalized``,
posted in binary mode to validate-file.

    python -m tools.capstone          # or: nox -s capstone

Every process started here runs in its own process group and is stopped on exit,
on Ctrl-C and on SIGTERM.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tools.emulators import HOST, free_port, running_emulator, stop_process_group

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "capstone"
PROJECT = "demo-capstone"
BUCKET = "uploads-demo"
COLLECTION = "files"
VALID_TOPIC = "file-validated"
ERROR_TOPIC = "file-errors"
DEAD_LETTER_TOPIC = "file-dead-letter"
PUSH_SUBSCRIPTION = "process-file-push"
# Pub/Sub accepts 5 to 100. The course's script sets 5 on Google Cloud, where the
# retry policy spaces the attempts out (10 s to 600 s). The emulator's retry policy
# stalls messages once many are pending (seen with 0.8.20), so the local push
# subscription has none: the emulator then redelivers within about a second, and
# the attempts run out in seconds, not minutes.
MAX_DELIVERY_ATTEMPTS = 5
READY_TIMEOUT_S = 30.0
STORAGE_EVENT = "google.cloud.storage.object.v1.finalized"
# The attribute Pub/Sub adds to a dead-lettered message: how often it was delivered.
DELIVERY_COUNT = "CloudPubSubDeadLetterSourceDeliveryCount"

# (name, content) of the demonstration's uploads and the status each must end in.
DEMO_FILES: list[tuple[str, bytes, str]] = [
    ("rapport.txt", b"Rapport trimestriel\n", "processed"),
    ("facture.pdf", b"%PDF-1.7 facture\n", "processed"),
    ("programme.exe", b"MZ\x90\x00", "rejected"),
    ("vide.txt", b"", "rejected"),
    ('mon "dernier" été à Noël.jpg', b"\xff\xd8\xff\xe0 photo", "processed"),
]


@dataclass
class Service:
    """One part of the system, running as it does once deployed."""

    name: str
    command: list[str]
    cwd: Path
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


def console_script(name: str) -> str:
    """A console script of the running interpreter's environment (venv or nox)."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise RuntimeError(
            f"{name} is not installed: pip install -r requirements/samples.txt"
        )
    return found


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited early:\n{log.read_text()[-2000:]}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {HOST}:{port} after {READY_TIMEOUT_S} s")


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for the block only (client constructors read them)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def document_id(bucket: str, name: str, generation: str) -> str:
    """The samples' document id: one Firestore document per uploaded object."""
    return hashlib.sha256(f"{bucket}/{name}#{generation}".encode()).hexdigest()


def storage_object(name: str, content: bytes, generation: int) -> dict[str, Any]:
    """The Cloud Storage object resource, as Eventarc puts it in the event's data."""
    now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    quoted = urllib.parse.quote(name, safe="")
    return {
        "kind": "storage#object",
        "id": f"{BUCKET}/{name}/{generation}",
        "selfLink": f"https://www.googleapis.com/storage/v1/b/{BUCKET}/o/{quoted}",
        "name": name,
        "bucket": BUCKET,
        "generation": str(generation),
        "metageneration": "1",
        "contentType": "application/octet-stream",
        "timeCreated": now,
        "updated": now,
        "storageClass": "STANDARD",
        "timeStorageClassUpdated": now,
        "size": str(len(content)),
        "md5Hash": base64.b64encode(hashlib.md5(content).digest()).decode(),
        "mediaLink": (
            f"https://storage.googleapis.com/download/storage/v1/b/{BUCKET}/o/"
            f"{quoted}?generation={generation}&alt=media"
        ),
        "etag": base64.b64encode(str(generation).encode()).decode(),
    }


def storage_event_headers(name: str, event_id: str) -> dict[str, str]:
    """The ce-* headers of a binary-mode CloudEvent for a finalized object.

    HTTP header values are ASCII: the CloudEvents HTTP binding percent-encodes
    spaces, double quotes, percent signs and non-ASCII characters.
    """
    subject = urllib.parse.quote(f"objects/{name}", safe="/!#$&'()*+,:;=?@[]~")
    return {
        "ce-specversion": "1.0",
        "ce-id": event_id,
        "ce-source": f"//storage.googleapis.com/projects/_/buckets/{BUCKET}",
        "ce-type": STORAGE_EVENT,
        "ce-subject": subject,
        "ce-time": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "Content-Type": "application/json; charset=utf-8",
    }


class Stack:
    """The emulators, the three functions and the API, started and stopped together."""

    def __init__(
        self,
        work_dir: Path,
        *,
        project: str = PROJECT,
        max_delivery_attempts: int = MAX_DELIVERY_ATTEMPTS,
        pubsub_host: str | None = None,
        firestore_host: str | None = None,
        log=print,
    ) -> None:
        self.work_dir = work_dir
        self.project = project
        self.max_delivery_attempts = max_delivery_attempts
        self.pubsub_host = pubsub_host
        self.firestore_host = firestore_host
        self.log = log
        self.services: dict[str, Service] = {}
        self.started_in_s = 0.0
        self._stack = ExitStack()
        self._event_ids = itertools.count(int(time.time() * 1000))
        self._generations = itertools.count(int(time.time() * 1_000_000))

    # Start and stop -----------------------------------------------------------------

    def __enter__(self) -> Stack:
        started = time.monotonic()
        try:
            self._start_emulators()
            self._start_services()
            self._create_topics_and_subscriptions()
        except BaseException:
            self._stack.close()
            raise
        self.started_in_s = time.monotonic() - started
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def _start_emulators(self) -> None:
        """Start the missing emulators side by side: each JVM takes seconds to boot."""
        missing = [
            n for n in ("pubsub", "firestore") if getattr(self, f"{n}_host") is None
        ]
        managers = {name: running_emulator(name, self.work_dir) for name in missing}
        pool = ThreadPoolExecutor()
        entered = {name: pool.submit(cm.__enter__) for name, cm in managers.items()}
        try:
            wait(entered.values())
        finally:
            # Even on Ctrl-C: let the JVMs come up, so that they can be stopped.
            pool.shutdown(wait=True)
            for name, future in entered.items():
                if future.exception() is None:
                    self._stack.push(managers[name].__exit__)
        for name, future in entered.items():
            emulator = future.result()
            setattr(self, f"{name}_host", emulator.host_port)
            self.log(f"émulateur {name} prêt sur {emulator.host_port}")
        # The Firestore emulator's first write takes seconds (JIT): pay it here.
        self.firestore().collection("warm-up").document("warm-up").set({"ok": True})

    @property
    def env(self) -> dict[str, str]:
        """What differs from Google Cloud: where the emulators are, and the project."""
        return {
            "PUBSUB_EMULATOR_HOST": str(self.pubsub_host),
            "FIRESTORE_EMULATOR_HOST": str(self.firestore_host),
            "GOOGLE_CLOUD_PROJECT": self.project,
        }

    def _function(self, name: str, target: str, signature_type: str) -> Service:
        service = Service(name, [], SAMPLES / name, self.work_dir / f"{name}.log")
        service.command = [
            console_script("functions-framework"),
            f"--target={target}",
            f"--source={SAMPLES / name / 'main.py'}",
            f"--signature-type={signature_type}",
            f"--host={HOST}",
            f"--port={service.port}",
        ]
        return service

    def _api(self) -> Service:
        service = Service(
            "file-api", [], SAMPLES / "file-api", self.work_dir / "api.log"
        )
        # The Dockerfile's command, bound to the loopback interface only.
        service.command = [
            console_script("gunicorn"),
            f"--bind={HOST}:{service.port}",
            "--workers=1",
            "--threads=8",
            "--timeout=0",
            "main:app",
        ]
        return service

    def _start_services(self) -> None:
        for service in (
            self._function("api-upload", "api_upload", "http"),
            self._function("validate-file", "validate_file", "cloudevent"),
            self._function("process-file", "process_file", "cloudevent"),
            self._api(),
        ):
            self.services[service.name] = service
            self.start(service.name, wait=False)
            self._stack.callback(self.stop, service.name)
        for name in self.services:
            self.wait_until_ready(name)

    def start(self, name: str, wait: bool = True) -> None:
        """Start one part (again, after stop or kill) on its port."""
        service = self.services[name]
        with service.log.open("ab") as sink:
            service.process = subprocess.Popen(
                service.command,
                cwd=service.cwd,
                env={**os.environ, **self.env, "PYTHONUNBUFFERED": "1"},
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if wait:
            self.wait_until_ready(name)

    def wait_until_ready(self, name: str) -> None:
        service = self.services[name]
        assert service.process is not None
        wait_for_port(service.port, service.process, service.log)
        self.log(f"{name} prêt sur {service.url}")

    def stop(self, name: str) -> None:
        process = self.services[name].process
        if process is not None:
            stop_process_group(process)

    def kill(self, name: str) -> None:
        """SIGKILL, as when an instance disappears in the middle of its work."""
        process = self.services[name].process
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    # Pub/Sub and Firestore clients --------------------------------------------------

    def publisher(self):
        from google.cloud import pubsub_v1

        with environment(PUBSUB_EMULATOR_HOST=str(self.pubsub_host)):
            return pubsub_v1.PublisherClient()

    def subscriber(self):
        from google.cloud import pubsub_v1

        with environment(PUBSUB_EMULATOR_HOST=str(self.pubsub_host)):
            return pubsub_v1.SubscriberClient()

    def firestore(self):
        from google.cloud import firestore

        with environment(FIRESTORE_EMULATOR_HOST=str(self.firestore_host)):
            return firestore.Client(project=self.project)

    def _create_topics_and_subscriptions(self) -> None:
        from google.pubsub_v1.types import DeadLetterPolicy, PushConfig

        publisher, subscriber = self.publisher(), self.subscriber()
        topic = {
            name: publisher.topic_path(self.project, name)
            for name in (VALID_TOPIC, ERROR_TOPIC, DEAD_LETTER_TOPIC)
        }
        for path in topic.values():
            publisher.create_topic(name=path)
        # Messages published to a topic without a subscription are lost: these two
        # keep the rejects and the dead letters for reading.
        for name in (ERROR_TOPIC, DEAD_LETTER_TOPIC):
            subscriber.create_subscription(
                name=subscriber.subscription_path(self.project, f"{name}-sub"),
                topic=topic[name],
            )
        # The push endpoint's path names the topic: functions-framework turns the raw
        # push body into the messagePublished CloudEvent that Eventarc would send.
        endpoint = f"{self.services['process-file'].url}/projects/{self.project}"
        subscriber.create_subscription(
            request={
                "name": subscriber.subscription_path(self.project, PUSH_SUBSCRIPTION),
                "topic": topic[VALID_TOPIC],
                "push_config": PushConfig(
                    push_endpoint=f"{endpoint}/topics/{VALID_TOPIC}"
                ),
                "ack_deadline_seconds": 30,
                "dead_letter_policy": DeadLetterPolicy(
                    dead_letter_topic=topic[DEAD_LETTER_TOPIC],
                    max_delivery_attempts=self.max_delivery_attempts,
                ),
            }
        )
        self.log(
            f"topics {', '.join(topic)} ; push {VALID_TOPIC} -> process-file, "
            f"lettres mortes après {self.max_delivery_attempts} tentatives"
        )

    # What a trainee does ------------------------------------------------------------

    def storage_event(
        self, name: str, content: bytes
    ) -> tuple[str, urllib.request.Request]:
        """A new upload: its document id, and the event Eventarc sends for it."""
        generation = next(self._generations)
        request = urllib.request.Request(
            self.services["validate-file"].url,
            data=json.dumps(storage_object(name, content, generation)).encode(),
            headers=storage_event_headers(name, str(next(self._event_ids))),
            method="POST",
        )
        return document_id(BUCKET, name, str(generation)), request

    def deliver(self, event: urllib.request.Request) -> None:
        """POST the event to validate-file; a failure raises, as Eventarc sees it."""
        with urllib.request.urlopen(event, timeout=60) as response:
            response.read()

    def upload(self, name: str, content: bytes) -> str:
        """Upload one object: deliver its storage event; return its document id."""
        doc_id, event = self.storage_event(name, content)
        self.deliver(event)
        return doc_id

    def publish_raw(self, topic: str, data: bytes) -> str:
        publisher = self.publisher()
        return publisher.publish(
            publisher.topic_path(self.project, topic), data
        ).result(timeout=30)

    def pull(self, subscription: str, max_messages: int = 100) -> list[Any]:
        """Read and acknowledge what waits on one of the pull subscriptions."""
        subscriber = self.subscriber()
        path = subscriber.subscription_path(self.project, subscription)
        response = subscriber.pull(
            request={"subscription": path, "max_messages": max_messages},
            timeout=10,
        )
        if response.received_messages:
            subscriber.acknowledge(
                subscription=path,
                ack_ids=[m.ack_id for m in response.received_messages],
            )
        return [m.message for m in response.received_messages]

    def statuses(self) -> dict[str, dict[str, Any]]:
        """Every status record, by document id, read straight from Firestore."""
        collection = self.firestore().collection(COLLECTION)
        return {snapshot.id: snapshot.to_dict() for snapshot in collection.stream()}

    def wait_for_statuses(
        self, expected: dict[str, str], timeout_s: float = 60.0
    ) -> dict[str, dict[str, Any]]:
        """Wait until each document id has its expected status, or the timeout."""
        deadline = time.monotonic() + timeout_s
        while True:
            found = self.statuses()
            if all(
                found.get(doc_id, {}).get("status") == status
                for doc_id, status in expected.items()
            ):
                return found
            if time.monotonic() > deadline:
                return found
            time.sleep(0.2)

    def api(self, path: str) -> tuple[int, Any]:
        """GET on file-api; the status code and the decoded JSON body."""
        url = self.services["file-api"].url + path
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def function_log_lines(self, *names: str) -> list[str]:
        """The samples' own log lines (level:logger:message), without server noise."""
        lines = []
        for name in names:
            for line in (
                self.services[name].log.read_text(errors="replace").splitlines()
            ):
                if line.startswith(("INFO:main:", "WARNING:main:", "ERROR:main:")):
                    lines.append(f"[{name}] {line}")
        return lines


def _raise_system_exit(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def install_signal_handlers() -> None:
    """SIGTERM and SIGHUP unwind like Ctrl-C: every finally block runs.

    SIGINT gets Python's own handler back even when the shell started us with it
    ignored (a background job), so that Ctrl-C always stops every process.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_system_exit)


def main() -> int:
    install_signal_handlers()
    with (
        tempfile.TemporaryDirectory(prefix="capstone-") as tmp,
        Stack(Path(tmp)) as stack,
    ):
        print(f"Démarrage : {stack.started_in_s:.1f} s (émulateurs, 3 fonctions, API)")

        status, body = stack.api("/status")
        print(f"GET /status -> {status} {json.dumps(body, ensure_ascii=False)}")
        with urllib.request.urlopen(stack.services["api-upload"].url, timeout=10) as r:
            print(f"api-upload -> {r.status} {r.read().decode()}")

        started = time.monotonic()
        expected = {}
        for name, content, final in DEMO_FILES:
            expected[stack.upload(name, content)] = final
            print(f"dépôt : {name!r} ({len(content)} octets)")
        # A message no one can read, published straight to file-validated.
        stack.publish_raw(VALID_TOPIC, b"pas du JSON")
        print("publié sur file-validated : un message illisible")

        stack.wait_for_statuses(expected)
        print(f"Statuts finals en {time.monotonic() - started:.1f} s")

        dead: list[Any] = []
        deadline = time.monotonic() + 60
        while not dead and time.monotonic() < deadline:
            dead = stack.pull(f"{DEAD_LETTER_TOPIC}-sub")
            time.sleep(0.5)
        errors = stack.pull(f"{ERROR_TOPIC}-sub")

        print("\n--- Logs du pipeline ---")
        for line in stack.function_log_lines("validate-file", "process-file"):
            print(line)

        print(f"\n--- {ERROR_TOPIC} ---")
        for message in errors:
            print(message.data.decode())
        print(f"\n--- {DEAD_LETTER_TOPIC} ---")
        for message in dead:
            attempts = message.attributes.get(DELIVERY_COUNT)
            print(f"{message.data!r} après {attempts} tentatives")

        status, body = stack.api("/files")
        print(f"\n--- GET /files -> {status} ---")
        print(json.dumps(body, ensure_ascii=False, indent=2))

        print("\n--- Statut final de chaque fichier, lu par l'API ---")
        failures = 0
        for name, _content, final in DEMO_FILES:
            status, body = stack.api("/files/" + urllib.parse.quote(name, safe=""))
            got = body.get("file", {}).get("status") if status == 200 else None
            reason = body.get("file", {}).get("reason") if status == 200 else None
            ok = got == final
            failures += not ok
            print(
                f"{'ok ' if ok else 'KO '} {name!r}: {got}"
                + (f" ({reason})" if reason else "")
            )
        print(
            f"\nRésumé : {len(DEMO_FILES)} fichiers, "
            f"{len(DEMO_FILES) - failures} au bon statut, "
            f"{len(dead)} message en lettres mortes, "
            f"démarrage {stack.started_in_s:.1f} s"
        )
        print("Arrêt de tous les processus lancés.")
        return 1 if failures or len(dead) != 1 else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("Interrompu : tous les processus lancés sont arrêtés.")
        sys.exit(130)
