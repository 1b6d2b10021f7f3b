"""The cost model: hand-computed bills, the free tier, and no drift in the tables."""

import importlib.util
import math
import runpy
import sys

import pytest

from tests.support import SAMPLES

MODEL = SAMPLES / "costs" / "cost_model.py"
NBSP = "\u00a0"


@pytest.fixture
def model():
    spec = importlib.util.spec_from_file_location("cost_model", MODEL)
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is built.
    sys.modules["cost_model"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["cost_model"]


def test_busy_instances_is_zero_without_traffic(model):
    assert model.busy_instances(0.0, 0.2, 80) == 0.0


def test_busy_instances_with_concurrency_one_is_rate_times_duration(model):
    assert model.busy_instances(2.0, 0.5, 1) == pytest.approx(1.0)


def test_busy_instances_shares_one_instance_when_concurrency_is_large(model):
    # One instance is busy whenever at least one request is in flight.
    assert model.busy_instances(1.0, 0.5, 1000) == pytest.approx(1 - math.exp(-0.5))


def test_busy_instances_never_exceed_requests_in_flight(model):
    assert model.busy_instances(38.0, 0.2, 80) < 38.0 * 0.2


def test_usage_of_a_function_is_requests_times_duration_times_size(model):
    workload = model.Workload("f", 1_000_000, 0.2, 0.167, 0.25)

    measured = model.usage(workload)

    assert measured.requests == 1_000_000
    assert measured.vcpu_seconds == pytest.approx(33_400)
    assert measured.gib_seconds == pytest.approx(50_000)


def test_usages_add_up(model):
    total = model.Usage(1.0, 2.0, 3) + model.Usage(10.0, 20.0, 30)

    assert total == model.Usage(11.0, 22.0, 33)


def test_bill_inside_the_free_tier_is_free_but_keeps_its_gross_price(model):
    # 180 000 vCPU-s, 360 000 Gio-s and 2 M requests: exactly the free tier.
    free = model.bill(model.Usage(180_000, 360_000, 2_000_000))

    assert free.net == 0.0
    assert free.gross == pytest.approx(4.32 + 0.90 + 0.80)
    assert free.free_tier == pytest.approx(6.02)


def test_bill_charges_only_what_goes_past_the_free_tier(model):
    just_past = model.bill(model.Usage(180_010, 360_000, 3_000_000))

    assert just_past.net == pytest.approx(10 * 0.000024 + 0.40)


def test_bill_of_ten_million_function_requests_matches_the_hand_computation(model):
    workload = model.Workload("f", 10_000_000, 0.2, 0.167, 0.25)

    # CPU (334 000 - 180 000) x 0.000024 = 3.696
    # memory (500 000 - 360 000) x 0.0000025 = 0.35
    # requests (10 M - 2 M) x 0.40 / M = 3.20
    assert model.bill(model.usage(workload)).net == pytest.approx(7.246)


def test_idle_minimum_instance_costs_the_idle_rate_for_730_hours(model):
    # (1 x 0.0000025 + 0.5 x 0.0000025) x 2 628 000 s
    assert model.idle_instance_per_month(1.0, 0.5) == pytest.approx(9.855)


def test_always_on_instance_costs_the_instance_rate_for_730_hours(model):
    # (1 x 0.000018 + 0.5 x 0.000002) x 2 628 000 s
    assert model.always_on_instance_per_month(1.0, 0.5) == pytest.approx(49.932)


def test_usd_writes_amounts_the_french_way(model):
    assert model.usd(1234.5) == f"1{NBSP}234,50{NBSP}$"
    assert model.usd(0.004) == f"0,00{NBSP}$"


def test_comparison_table_states_the_scenarios_of_the_course(model):
    table = model.comparison_table()

    assert table.splitlines()[2] == (
        f"| 1 M requêtes/mois, 200 ms en moyenne | 0,00{NBSP}$ | 0,30{NBSP}$ |"
    )
    assert table.splitlines()[5] == (
        "| Avec min-instances=1 (instance inactive tout le mois) "
        f"| +2,74{NBSP}$/mois | +9,86{NBSP}$/mois |"
    )


def test_comparison_assumptions_come_from_the_model_constants(model):
    table = model.comparison_table()

    assert (
        f"l'offre gratuite mensuelle (180{NBSP}000 vCPU-secondes,"
        f" 360{NBSP}000 Gio-secondes, 2{NBSP}000{NBSP}000 requêtes)"
    ) in table
    assert "service de 1 vCPU et 512 Mio, jusqu'à 80 requêtes" in table


def test_capstone_total_deducts_the_free_tier_once_for_all_components(model):
    lines = model.capstone_estimate().splitlines()

    assert lines[-4] == (
        f"| **Total mensuel estimé** | | **0,00{NBSP}$** | **0,00{NBSP}$** "
        f"| **5,77{NBSP}$** |"
    )


@pytest.mark.parametrize(
    "name", ["comparison.md", "warm-instance.md", "capstone-estimate.md"]
)
def test_committed_table_is_what_the_model_prints_today(model, name):
    committed = (MODEL.parent / name).read_text(encoding="utf-8")

    assert committed == model.OUTPUTS[name](), (
        f"{name} is stale: run `python samples/costs/cost_model.py --write`"
    )


def test_main_prints_the_tables_without_writing(model, capsys):
    assert model.main([]) == 0

    out = capsys.readouterr().out
    assert "== comparison.md" in out
    assert out.endswith("3 tableaux affichés, prix Tier 1 lus le 2026-12-03.\n")


def test_main_writes_the_tables_next_to_the_script(
    model, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(model, "__file__", str(tmp_path / "cost_model.py"))

    assert model.main(["--write"]) == 0

    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "capstone-estimate.md",
        "comparison.md",
        "warm-instance.md",
    ]
    assert capsys.readouterr().out.splitlines() == [
        "écrit : comparison.md",
        "écrit : warm-instance.md",
        "écrit : capstone-estimate.md",
        "3 tableaux écrits, prix Tier 1 lus le 2026-12-03.",
    ]


def test_script_runs_from_the_command_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["cost_model.py"])

    with pytest.raises(SystemExit) as exit_info:
        runpy.run_path(str(MODEL), run_name="__main__")

    assert exit_info.value.code == 0
    assert "== capstone-estimate.md" in capsys.readouterr().out
