"""Modèle de coûts Cloud Run et Cloud Run functions, région Tier 1 (europe-west1).

Les tableaux de coûts du module ne sont pas tapés à la main : ce fichier les calcule
à partir des prix unitaires publiés par Google Cloud, chacun noté avec sa page source
et sa date de lecture. Pour régénérer les fichiers Markdown que le site inclut :

    python cost_model.py --write

Sans option, le script affiche les tableaux sans rien écrire.
"""

import argparse
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# --8<-- [start:prices]
PRICES_READ_ON = "2026-12-03"
RUN_PRICING = "https://cloud.google.com/run/pricing"
RUN_LOCATIONS = "https://cloud.google.com/run/docs/locations"
FUNCTIONS_MEMORY = "https://cloud.google.com/functions/docs/configuring/memory"

# europe-west1 (Belgique) applique les tarifs Tier 1 (RUN_LOCATIONS, 2026-12-03).
REGION = "europe-west1"

# Facturation basée sur les requêtes (request-based, le défaut), Tier 1, en USD.
# Source : RUN_PRICING, lue le 2026-12-03.
CPU_PER_VCPU_SECOND = 0.000024
MEMORY_PER_GIB_SECOND = 0.0000025
REQUESTS_PER_MILLION = 0.40
# Instance minimale inactive (min-instances) en facturation par requête.
# Source : RUN_PRICING, lue le 2026-12-03.
IDLE_CPU_PER_VCPU_SECOND = 0.0000025
IDLE_MEMORY_PER_GIB_SECOND = 0.0000025
# Facturation basée sur les instances (instance-based, --no-cpu-throttling).
# Source : RUN_PRICING, lue le 2026-12-03.
INSTANCE_CPU_PER_VCPU_SECOND = 0.000018
INSTANCE_MEMORY_PER_GIB_SECOND = 0.000002

# Offre gratuite mensuelle de la facturation par requête, par compte de facturation.
# Source : RUN_PRICING, lue le 2026-12-03.
FREE_VCPU_SECONDS = 180_000
FREE_GIB_SECONDS = 360_000
FREE_REQUESTS = 2_000_000

# Une fonction de 256 Mio reçoit 0,167 vCPU (FUNCTIONS_MEMORY, lue le 2026-12-03).
FUNCTION_256_MIB_VCPU = 0.167

# Le simulateur de prix de Google Cloud compte un mois comme 730 heures.
SECONDS_PER_MONTH = 730 * 3600
# --8<-- [end:prices]


@dataclass(frozen=True)
class Workload:
    """Un service ou une fonction, son trafic mensuel et sa configuration."""

    name: str
    requests_per_month: int
    duration_seconds: float
    vcpu: float
    memory_gib: float
    concurrency: int = 1


@dataclass(frozen=True)
class Usage:
    """Ce que Cloud Run mesure sur un mois : les unités que la facture multiplie."""

    vcpu_seconds: float
    gib_seconds: float
    requests: int

    def __add__(self, other: "Usage") -> "Usage":
        return Usage(
            self.vcpu_seconds + other.vcpu_seconds,
            self.gib_seconds + other.gib_seconds,
            self.requests + other.requests,
        )


@dataclass(frozen=True)
class Bill:
    """Montants en USD : brut (sans offre gratuite) et net (à payer)."""

    gross: float
    net: float

    @property
    def free_tier(self) -> float:
        return self.gross - self.net


def busy_instances(
    arrivals_per_second: float, duration: float, concurrency: int
) -> float:
    """Nombre moyen d'instances en train de traiter au moins une requête.

    Les requêtes arrivent au hasard et de façon régulière sur le mois (loi de
    Poisson). Le nombre moyen de requêtes en cours est alors débit fois durée (loi
    de Little), et à chaque instant il faut ⌈requêtes en cours / concurrence⌉
    instances. Avec une concurrence de 1, on retrouve requêtes fois durée.
    """
    in_flight = arrivals_per_second * duration
    if in_flight == 0:
        return 0.0
    # E[⌈N/c⌉] = somme sur k ≥ 0 de P(N > k·c), N suivant une loi de Poisson.
    upper = int(in_flight + 12 * math.sqrt(in_flight) + 20)
    expected = 0.0
    cumulative = 0.0
    for n in range(upper + 1):
        log_pmf = n * math.log(in_flight) - in_flight - math.lgamma(n + 1)
        cumulative += math.exp(log_pmf)
        if n % concurrency == 0:
            expected += max(0.0, 1.0 - cumulative)
    return expected


def usage(workload: Workload) -> Usage:
    """Unités facturées sur un mois en facturation par requête."""
    rate = workload.requests_per_month / SECONDS_PER_MONTH
    busy = busy_instances(rate, workload.duration_seconds, workload.concurrency)
    instance_seconds = busy * SECONDS_PER_MONTH
    return Usage(
        vcpu_seconds=instance_seconds * workload.vcpu,
        gib_seconds=instance_seconds * workload.memory_gib,
        requests=workload.requests_per_month,
    )


def bill(total: Usage) -> Bill:
    """Facture mensuelle d'un compte de facturation, offre gratuite déduite une fois."""
    gross = (
        total.vcpu_seconds * CPU_PER_VCPU_SECOND
        + total.gib_seconds * MEMORY_PER_GIB_SECOND
        + total.requests / 1_000_000 * REQUESTS_PER_MILLION
    )
    net = (
        max(0.0, total.vcpu_seconds - FREE_VCPU_SECONDS) * CPU_PER_VCPU_SECOND
        + max(0.0, total.gib_seconds - FREE_GIB_SECONDS) * MEMORY_PER_GIB_SECOND
        + max(0, total.requests - FREE_REQUESTS) / 1_000_000 * REQUESTS_PER_MILLION
    )
    return Bill(gross=gross, net=net)


def idle_instance_per_month(vcpu: float, memory_gib: float) -> float:
    """Prix d'une instance minimale inactive tout le mois (facturation par requête)."""
    per_second = (
        vcpu * IDLE_CPU_PER_VCPU_SECOND + memory_gib * IDLE_MEMORY_PER_GIB_SECOND
    )
    return per_second * SECONDS_PER_MONTH


def always_on_instance_per_month(vcpu: float, memory_gib: float) -> float:
    """Prix d'une instance allumée tout le mois en facturation par instance."""
    per_second = (
        vcpu * INSTANCE_CPU_PER_VCPU_SECOND
        + memory_gib * INSTANCE_MEMORY_PER_GIB_SECOND
    )
    return per_second * SECONDS_PER_MONTH


def usd(amount: float) -> str:
    """Montant à la française : « 1 234,56 $ » (espaces insécables)."""
    text = f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"{text}\u00a0$"


# Configurations comparées : une fonction aux réglages par défaut, le service du module.
FUNCTION_MEMORY_GIB = 0.25
SERVICE_VCPU = 1.0
SERVICE_MEMORY_GIB = 0.5
SERVICE_CONCURRENCY = 80
# Trafic des scénarios de comparaison : millions de requêtes par mois, durée moyenne.
COMPARISON_MILLIONS = (1, 10, 100)
COMPARISON_DURATION_SECONDS = 0.2


def _function(name: str, requests: int, duration: float) -> Workload:
    # Réglages par défaut d'une Cloud Run function : 256 Mio, 1 requête par instance.
    return Workload(
        name, requests, duration, FUNCTION_256_MIB_VCPU, FUNCTION_MEMORY_GIB
    )


def _service(name: str, requests: int, duration: float) -> Workload:
    # Service Cloud Run du module : 1 vCPU, 512 Mio, concurrence par défaut 80.
    return Workload(
        name,
        requests,
        duration,
        SERVICE_VCPU,
        SERVICE_MEMORY_GIB,
        concurrency=SERVICE_CONCURRENCY,
    )


def _count(value: float) -> str:
    """Nombre à la française : « 180 000 », « 0,167 »."""
    number = int(value) if float(value).is_integer() else value
    return f"{number:,}".replace(",", "\u00a0").replace(".", ",")


def comparison_table() -> str:
    """Tableau « Comparaison des coûts » de la page 6, suivi de ses hypothèses."""
    duration_ms = round(COMPARISON_DURATION_SECONDS * 1000)
    lines = [
        "| Scénario | Cloud Run functions | Cloud Run |",
        "|----------|---------------------|-----------|",
    ]
    for millions in COMPARISON_MILLIONS:
        requests = millions * 1_000_000
        function = bill(usage(_function("fonction", requests, duration_ms / 1000)))
        service = bill(usage(_service("service", requests, duration_ms / 1000)))
        lines.append(
            f"| {millions} M requêtes/mois, {duration_ms} ms en moyenne "
            f"| {usd(function.net)} | {usd(service.net)} |"
        )
    function_idle = idle_instance_per_month(FUNCTION_256_MIB_VCPU, FUNCTION_MEMORY_GIB)
    service_idle = idle_instance_per_month(SERVICE_VCPU, SERVICE_MEMORY_GIB)
    lines += [
        "| Avec min-instances=1 (instance inactive tout le mois) "
        f"| +{usd(function_idle)}/mois | +{usd(service_idle)}/mois |",
        "",
        "Hypothèses du calcul :",
        "",
        f"- :material-map-marker: région `{REGION}`, tarifs Tier 1 en dollars US lus le"
        f" {PRICES_READ_ON}, facturation par requête ;",
        "- :material-function: **Cloud Run functions** : réglages par défaut d'une"
        f" fonction, {round(FUNCTION_MEMORY_GIB * 1024)} Mio et"
        f" {_count(FUNCTION_256_MIB_VCPU)} vCPU, une requête à la fois par instance ;",
        f"- :material-docker: **Cloud Run** : service de {_count(SERVICE_VCPU)} vCPU et"
        f" {round(SERVICE_MEMORY_GIB * 1024)} Mio, jusqu'à {SERVICE_CONCURRENCY}"
        " requêtes simultanées par instance ;",
        f"- :material-clock-outline: {duration_ms} ms par requête des deux côtés,"
        f" requêtes réparties régulièrement sur un mois de {SECONDS_PER_MONTH // 3600}"
        " heures : les requêtes qui se chevauchent partagent une instance Cloud Run et"
        " ne paient son temps qu'une fois ;",
        "- :material-gift-outline: l'offre gratuite mensuelle"
        f" ({_count(FREE_VCPU_SECONDS)} vCPU-secondes, {_count(FREE_GIB_SECONDS)}"
        f" Gio-secondes, {_count(FREE_REQUESTS)} requêtes) est déduite de chaque"
        " scénario, comme s'il était seul sur le compte de facturation ;",
        "- :material-cancel: la sortie réseau, les builds et le stockage des images ne"
        " sont pas comptés.",
    ]
    return "\n".join(lines) + "\n"


def warm_instance_table() -> str:
    """Prix d'une instance gardée chaude, selon le mode de facturation."""
    return (
        "\n".join(
            [
                "| Service 1 vCPU, 512 Mio, min-instances=1 | Coût mensuel |",
                "|---|---:|",
                "| Facturation par requête (`--cpu-throttling`), instance inactive "
                f"| {usd(idle_instance_per_month(1.0, 0.5))} |",
                "| Facturation par instance (`--no-cpu-throttling`), instance allumée "
                f"| {usd(always_on_instance_per_month(1.0, 0.5))} |",
            ]
        )
        + "\n"
    )


# Trafic mensuel du projet final, par volume de fichiers déposés dans le bucket.
CAPSTONE_VOLUMES = (1_000, 100_000, 1_000_000)
# Part des fichiers acceptés par validate-file, donc traités par process-file.
CAPSTONE_VALID_SHARE = 0.8
# Appels à l'API Cloud Run file-api par fichier déposé (consultation des statuts).
CAPSTONE_API_CALLS_PER_FILE = 5


def capstone_workloads(files: int) -> list[tuple[Workload, str]]:
    """Les quatre charges du projet final pour un volume mensuel de fichiers."""
    valid = int(files * CAPSTONE_VALID_SHARE)
    return [
        (_function("validate-file", files, 0.3), "fonction 256 Mio, 300 ms"),
        (_function("process-file", valid, 0.2), "fonction 256 Mio, 200 ms"),
        (_function("api-upload", files, 0.05), "fonction 256 Mio, 50 ms"),
        (
            _service("file-api", files * CAPSTONE_API_CALLS_PER_FILE, 0.05),
            "service 1 vCPU, 512 Mio, concurrence 80, 50 ms",
        ),
    ]


def capstone_estimate() -> str:
    """Estimation mensuelle du projet final « À vous de jouer »."""
    header = " | ".join(
        f"{files:,} fichiers/mois".replace(",", "\u00a0") for files in CAPSTONE_VOLUMES
    )
    lines = [
        f"| Composant | Configuration | {header} |",
        "|---|---|" + "---:|" * len(CAPSTONE_VOLUMES),
    ]
    per_volume = [capstone_workloads(files) for files in CAPSTONE_VOLUMES]
    for row, (workload, settings) in enumerate(per_volume[0]):
        amounts = [bill(usage(workloads[row][0])).gross for workloads in per_volume]
        cells = " | ".join(usd(amount) for amount in amounts)
        lines.append(f"| {workload.name} | {settings} | {cells} |")
    # L'offre gratuite vaut pour tout le compte : on la déduit une fois, du total.
    bills = [
        bill(sum((usage(w) for w, _ in workloads), Usage(0.0, 0.0, 0)))
        for workloads in per_volume
    ]
    lines.append(
        "| Offre gratuite Cloud Run | par compte de facturation | "
        + " | ".join(f"-{usd(b.free_tier)}" for b in bills)
        + " |"
    )
    lines.append(
        "| **Total mensuel estimé** | | "
        + " | ".join(f"**{usd(b.net)}**" for b in bills)
        + " |"
    )
    share = f"{CAPSTONE_VALID_SHARE:.0%}".replace("%", "\u00a0%")
    lines += [
        "",
        f"Hypothèses : région {REGION} (tarifs Tier 1), prix lus le {PRICES_READ_ON}"
        f" sur <{RUN_PRICING}> ; facturation par requête, min-instances=0 ;"
        f" {share} des fichiers valides ; {CAPSTONE_API_CALLS_PER_FILE} appels"
        " à file-api par fichier ; trafic régulier sur un mois de 730 heures.",
        "Non compris : Pub/Sub, Cloud Storage, Eventarc, Cloud Build,"
        " Artifact Registry et la sortie réseau, facturés selon leurs propres grilles.",
    ]
    return "\n".join(lines) + "\n"


OUTPUTS = {
    "comparison.md": comparison_table,
    "warm-instance.md": warm_instance_table,
    "capstone-estimate.md": capstone_estimate,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tableaux de coûts du module 8.")
    parser.add_argument(
        "--write",
        action="store_true",
        help="écrit les fichiers Markdown à côté du script",
    )
    args = parser.parse_args(argv)

    folder = Path(__file__).resolve().parent
    for name, render in OUTPUTS.items():
        text = render()
        if args.write:
            (folder / name).write_text(text, encoding="utf-8")
            print(f"écrit : {name}")
        else:
            print(f"== {name}\n{text}")
    action = "écrits" if args.write else "affichés"
    print(f"{len(OUTPUTS)} tableaux {action}, prix Tier 1 lus le {PRICES_READ_ON}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
