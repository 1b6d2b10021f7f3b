"""The Cloud Run Job manifest: fields at the level the Job schema expects them."""

import re

import pytest
import yaml

from tests.support import SAMPLES

MANIFEST = SAMPLES / "patterns" / "batch-job" / "job.yaml"
SCRIPT = SAMPLES / "patterns" / "batch-job.sh"


@pytest.fixture
def job():
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_manifest_is_a_cloud_run_v1_job(job):
    assert job["apiVersion"] == "run.googleapis.com/v1"
    assert job["kind"] == "Job"
    assert job["metadata"] == {"name": "batch-processor"}


def test_task_count_and_parallelism_belong_to_the_execution_template(job):
    execution = job["spec"]["template"]["spec"]

    assert set(execution) == {"taskCount", "parallelism", "template"}
    assert 1 <= execution["parallelism"] <= execution["taskCount"]


def test_containers_retries_and_timeout_belong_to_the_task_template(job):
    task = job["spec"]["template"]["spec"]["template"]["spec"]

    assert set(task) == {"containers", "maxRetries", "timeoutSeconds"}
    assert task["containers"][0]["resources"] == {
        "limits": {"cpu": "2", "memory": "4Gi"}
    }


def test_gcloud_flags_create_the_same_job_as_the_manifest(job):
    script = SCRIPT.read_text(encoding="utf-8")
    create = script.split("[start:create]")[1].split("[end:create]")[0]
    flags = dict(re.findall(r"--([a-z-]+)=(\S+)", create))
    execution = job["spec"]["template"]["spec"]
    task = execution["template"]["spec"]
    limits = task["containers"][0]["resources"]["limits"]

    assert int(flags["tasks"]) == execution["taskCount"]
    assert int(flags["parallelism"]) == execution["parallelism"]
    assert int(flags["max-retries"]) == task["maxRetries"]
    assert int(flags["task-timeout"]) == task["timeoutSeconds"]
    assert (flags["cpu"], flags["memory"]) == (limits["cpu"], limits["memory"])
