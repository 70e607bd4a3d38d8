"""The deployment files say what the plan says; no Docker engine or AWS account is needed.

Linters (hadolint, cfn-lint, actionlint, checkov) run in `make lint`; these tests check the
decisions those linters cannot know: one image for three processes, exactly one beat, health
checks on /health/, encrypted data, and a compose file that wires the sandbox in.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from config.settings.amazon import REGIONS, amazon_accounts
from devtools.testkit.fresh_process import run_python

ROOT = Path(__file__).resolve().parent.parent.parent
DOCKER = ROOT / "docker"
DEPLOY = ROOT / "deploy"


class CloudFormationLoader(yaml.SafeLoader):
    """Reads CloudFormation's short-form tags (!Ref, !Sub, ...) as {"Fn::X": value}."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


CloudFormationLoader.add_multi_constructor("!", _intrinsic)


def _template(name: str) -> dict[str, Any]:
    with (DEPLOY / name).open() as handle:
        return dict(yaml.load(handle, Loader=CloudFormationLoader))  # noqa: S506


def _resources(name: str, kind: str) -> dict[str, dict[str, Any]]:
    return {
        key: resource["Properties"]
        for key, resource in _template(name)["Resources"].items()
        if resource["Type"] == kind
    }


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((DOCKER / "compose.yaml").read_text()))


def test_compose_runs_every_process_and_its_services(compose: dict[str, Any]) -> None:
    services = compose["services"]

    assert set(services) == {"web", "worker", "beat", "sandbox", "postgres", "redis", "varnish"}
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["web"]["command"] == ["web"]
    assert services["worker"]["command"] == ["worker"]
    assert services["beat"]["command"] == ["beat"]
    assert services["sandbox"]["command"][:2] == ["manage", "runsandbox"]
    assert services["sandbox"]["command"][2:4] == ["--host", "0.0.0.0"]  # noqa: S104


def test_compose_builds_one_image_for_the_app_processes(compose: dict[str, Any]) -> None:
    services = compose["services"]
    app = ["web", "worker", "beat", "sandbox"]

    assert {services[name]["image"] for name in app} == {"catalogue:local"}
    assert {services[name]["build"]["dockerfile"] for name in app} == {"docker/Dockerfile"}
    assert (ROOT / services["web"]["build"]["context"].replace("..", ".")).is_dir()


def test_compose_points_the_app_at_its_services_and_the_sandbox(compose: dict[str, Any]) -> None:
    services = compose["services"]
    env = services["web"]["environment"]
    sandbox_port = services["sandbox"]["command"][-1]

    assert (
        env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
    )
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["CREATORS_API_HOST"] == f"http://sandbox:{sandbox_port}"
    assert env["CREATORS_API_AUTH_ENDPOINT"].startswith(f"http://sandbox:{sandbox_port}/")
    assert services["sandbox"]["environment"]["SANDBOX_PUBLIC_URL"].endswith(f":{sandbox_port}")
    assert services["worker"]["environment"]["CREATORS_API_HOST"] == env["CREATORS_API_HOST"]


def test_compose_gives_each_store_its_tag_and_the_sandbox_holds_it_to_them(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    env, sandbox = services["web"]["environment"], services["sandbox"]["environment"]
    accounts = amazon_accounts(
        env, marketplaces=env["AMAZON_MARKETPLACES"].split(","), tps=1, tpd=1, auth_endpoint=""
    )

    assert set(accounts.partner_tags) == {"US", "UK", "DE"}
    assert len(set(accounts.partner_tags.values())) == 3
    assert sandbox["SANDBOX_PARTNER_TAGS"] == env["AMAZON_PARTNER_TAGS"]
    assert sorted(sandbox["SANDBOX_CREDENTIALS"].split(",")) == sorted(
        f"{region}:{c['credential_id']}:{c['credential_secret']}"
        for region, c in accounts.credentials.items()
    )


def test_compose_health_checks_and_start_order(compose: dict[str, Any]) -> None:
    services = compose["services"]

    for name in ("postgres", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL")
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    # Web migrates the database; worker and beat start once it is healthy.
    assert services["worker"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert services["beat"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_dockerfile_builds_from_locked_hashes_and_runs_unprivileged() -> None:
    text = (DOCKER / "Dockerfile").read_text()

    assert "ARG PYTHON_IMAGE=python:3.11-slim" in text
    assert text.count("FROM ${PYTHON_IMAGE}") == 2
    assert "--require-hashes" in text and "requirements/production.txt" in text
    assert "collectstatic --noinput" in text
    assert "USER 10001:10001" in text
    assert "HEALTHCHECK" in text
    assert 'ENTRYPOINT ["/app/docker/entrypoint.sh"]' in text


def test_the_images_build_step_starts_production_settings(tmp_path: Path) -> None:
    # The environment the Dockerfile gives collectstatic, exactly as written there.
    text = (DOCKER / "Dockerfile").read_text()
    command = text.split("RUN DJANGO_SETTINGS_MODULE=")[1].split("manage.py collectstatic")[0]
    env = dict(
        re.findall(r"([A-Z_]+)=(\S+)", "DJANGO_SETTINGS_MODULE=" + command.replace("\\", ""))
    )
    env["DJANGO_VAR_DIR"] = str(tmp_path)
    settings_module = env.pop("DJANGO_SETTINGS_MODULE")

    started = run_python("import django; django.setup()", settings_module=settings_module, env=env)

    assert started.returncode == 0, started.stderr


def test_the_image_leaves_out_runtime_folders_and_the_development_tooling() -> None:
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }

    assert {"var", "control", "test-output", "devtools"} <= ignored
    for name in ("Dockerfile", "entrypoint.sh", "start-web.sh", "start-worker.sh"):
        assert "devtools" not in (DOCKER / name).read_text()


@pytest.mark.parametrize(
    "script", ["entrypoint.sh", "start-web.sh", "start-worker.sh", "start-beat.sh"]
)
def test_start_scripts_are_strict_and_exec_their_process(script: str) -> None:
    path = DOCKER / script
    text = path.read_text()

    assert os.access(path, os.X_OK)
    assert "set -o errexit -o pipefail -o nounset" in text
    assert "\nexec " in text or "exec /app/docker/" in text
    subprocess.run(["bash", "-n", str(path)], check=True)


def test_workers_skip_gossip_and_mingle_and_beat_uses_the_settings_scheduler() -> None:
    worker = (DOCKER / "start-worker.sh").read_text()
    beat = (DOCKER / "start-beat.sh").read_text()

    assert "--without-gossip --without-mingle" in worker
    assert "--scheduler" not in beat
    assert "exec gunicorn" in (DOCKER / "start-web.sh").read_text()
    assert "migrate_once" in (DOCKER / "start-web.sh").read_text()


def test_the_entrypoint_builds_service_urls_from_injected_parts() -> None:
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_HOST": "db.internal",
        "DATABASE_USER": "catalogue",
        "DATABASE_PASSWORD": "s3cret",
        "REDIS_HOST": "cache.internal",
        "REDIS_AUTH_TOKEN": "t0ken",
    }
    result = subprocess.run(
        [
            "bash",
            str(DOCKER / "entrypoint.sh"),
            "printenv",
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.splitlines() == [
        "postgres://catalogue:s3cret@db.internal:5432/catalogue?sslmode=require",
        "rediss://:t0ken@cache.internal:6379/0?ssl_cert_reqs=required",
        "rediss://:t0ken@cache.internal:6379/1?ssl_cert_reqs=required",
    ]


def test_gunicorn_sizes_itself_from_the_cpus_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cpus = len(os.sched_getaffinity(0))
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    defaults = runpy.run_path(str(DOCKER / "gunicorn.conf.py"))

    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "8")
    monkeypatch.setenv("PORT", "9000")
    configured = runpy.run_path(str(DOCKER / "gunicorn.conf.py"))

    assert defaults["workers"] == 2 * cpus + 1
    assert defaults["threads"] == 4
    assert defaults["worker_class"] == "gthread"
    assert defaults["keepalive"] > 60
    assert configured["workers"] == 3
    assert configured["threads"] == 8
    assert configured["bind"] == "0.0.0.0:9000"
    assert configured["logconfig_dict"]["handlers"]["console"]["formatter"] == "json"


def test_beat_runs_exactly_one_task_and_never_two() -> None:
    beat = _resources("app.yaml", "AWS::ECS::Service")["BeatService"]

    assert beat["DesiredCount"] == {"Fn::If": ["Running", 1, 0]}
    assert beat["DeploymentConfiguration"]["MaximumPercent"] == 100
    assert beat["DeploymentConfiguration"]["MinimumHealthyPercent"] == 0


def test_every_service_rolls_back_a_failed_deployment() -> None:
    services = _resources("app.yaml", "AWS::ECS::Service")

    assert set(services) == {"WebService", "WorkerService", "BeatService"}
    for service in services.values():
        breaker = service["DeploymentConfiguration"]["DeploymentCircuitBreaker"]
        assert breaker == {"Enable": True, "Rollback": True}
        assert (
            service["NetworkConfiguration"]["AwsvpcConfiguration"]["AssignPublicIp"] == "DISABLED"
        )


def test_the_three_processes_share_one_image() -> None:
    tasks = _resources("app.yaml", "AWS::ECS::TaskDefinition")
    images = {
        container["Image"]["Fn::Sub"]
        for task in tasks.values()
        for container in task["ContainerDefinitions"]
    }
    commands = {
        container["Name"]: container["Command"][0]
        for task in tasks.values()
        for container in task["ContainerDefinitions"]
    }

    assert len(images) == 1
    assert commands == {"web": "web", "worker": "worker", "beat": "beat", "gauges": "manage"}
    for task in tasks.values():
        for container in task["ContainerDefinitions"]:
            injected = {secret["Name"] for secret in container["Secrets"]}
            assert {"DJANGO_SECRET_KEY", "DATABASE_PASSWORD", "REDIS_AUTH_TOKEN"} <= injected


def test_every_process_gets_each_stores_tag_and_each_regions_credential() -> None:
    tasks = _resources("app.yaml", "AWS::ECS::TaskDefinition")
    (secret,) = [
        props
        for props in _resources("data.yaml", "AWS::SecretsManager::Secret").values()
        if "creators-api" in str(props["Name"])
    ]
    keys = set(json.loads(secret["SecretString"]))
    credentials = {
        f"CREATORS_API_{region}_{part}"
        for region in REGIONS
        for part in ("CREDENTIAL_ID", "CREDENTIAL_SECRET")
    }

    for task in tasks.values():
        for container in task["ContainerDefinitions"]:
            names = {variable["Name"] for variable in container["Environment"]}
            secrets = {
                variable["Name"]: variable["ValueFrom"]["Fn::Sub"][0]
                for variable in container["Secrets"]
                if variable["Name"].startswith("CREATORS_API_")
            }
            assert {"AMAZON_PARTNER_TAGS", "AMAZON_MARKETPLACES", "CREATORS_API_REGIONS"} <= names
            assert "AMAZON_PARTNER_TAG" not in names
            assert set(secrets) == credentials
            # Each secret key the task reads exists in the secret, or the task cannot start.
            assert {value.split(":")[1] for value in secrets.values()} <= keys


def test_the_load_balancer_checks_health_and_redirects_http() -> None:
    (target_group,) = _resources("app.yaml", "AWS::ElasticLoadBalancingV2::TargetGroup").values()
    listeners = _resources("app.yaml", "AWS::ElasticLoadBalancingV2::Listener")

    assert target_group["HealthCheckPath"] == "/health/"
    assert listeners["HttpListener"]["DefaultActions"][0]["Type"] == "redirect"
    assert listeners["HttpListener"]["DefaultActions"][0]["RedirectConfig"]["Protocol"] == "HTTPS"
    assert listeners["HttpsListener"]["Certificates"] == [
        {"CertificateArn": {"Ref": "CertificateArn"}}
    ]


def test_alarms_cover_errors_resources_queue_and_stale_prices() -> None:
    alarms = _resources("app.yaml", "AWS::CloudWatch::Alarm")

    assert {
        "ServerErrorRateAlarm",
        "WebCpuAlarm",
        "WebMemoryAlarm",
        "WorkerMemoryAlarm",
        "QueueDepthAlarm",
        "StalePricesAlarm",
    } <= set(alarms)
    assert alarms["StalePricesAlarm"]["MetricName"] == "OldestPriceAgeSeconds"
    assert alarms["QueueBacklogAlarm"]["AlarmActions"] == [{"Ref": "WorkerScaleOut"}]
    for group in _resources("app.yaml", "AWS::Logs::LogGroup").values():
        assert group["RetentionInDays"] == {"Ref": "LogRetentionDays"}


def test_data_is_encrypted_backed_up_and_protected() -> None:
    (database,) = _resources("data.yaml", "AWS::RDS::DBInstance").values()
    (redis,) = _resources("data.yaml", "AWS::ElastiCache::ReplicationGroup").values()
    secrets = _resources("data.yaml", "AWS::SecretsManager::Secret")

    assert database["StorageEncrypted"] is True
    assert database["DeletionProtection"] is True
    assert database["MultiAZ"] == {"Ref": "DatabaseMultiAz"}
    assert database["BackupRetentionPeriod"] == {"Ref": "DatabaseBackupRetentionDays"}
    assert database["PubliclyAccessible"] is False
    assert redis["TransitEncryptionEnabled"] is True
    assert redis["AtRestEncryptionEnabled"] is True
    assert set(secrets) == {
        "DjangoSecretKey",
        "DatabaseSecret",
        "RedisSecret",
        "CreatorsApiSecret",
        "EmailSecret",
    }


def test_only_the_load_balancer_reaches_web_and_only_the_app_reaches_data() -> None:
    groups = _resources("network.yaml", "AWS::EC2::SecurityGroup")

    def sources(name: str) -> list[Any]:
        return [rule.get("SourceSecurityGroupId") for rule in groups[name]["SecurityGroupIngress"]]

    assert sources("WebSecurityGroup") == [{"Ref": "LoadBalancerSecurityGroup"}]
    app = [{"Ref": "WebSecurityGroup"}, {"Ref": "WorkerSecurityGroup"}]
    assert sources("DatabaseSecurityGroup") == app
    assert sources("RedisSecurityGroup") == app
    assert "SecurityGroupIngress" not in groups["WorkerSecurityGroup"]


def test_the_workflow_tests_then_builds_and_deploys_on_main() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yaml").read_text())
    jobs = workflow["jobs"]

    assert set(jobs["test"]["services"]) == {"postgres", "redis"}
    assert [step.get("run") for step in jobs["test"]["steps"]][-2:] == ["make test", "make lint"]
    assert jobs["build"]["needs"] == "test"
    assert "refs/heads/main" in jobs["build"]["if"]
    assert jobs["deploy"]["needs"] == "build"


def test_every_workflow_action_is_pinned_by_commit_with_its_tag_beside_it() -> None:
    # A tag can be moved to other code after review; a commit SHA cannot.
    uses = [
        line.split("uses:", 1)[1].strip()
        for workflow in (ROOT / ".github" / "workflows").glob("*.yaml")
        for line in workflow.read_text().splitlines()
        if line.strip().lstrip("- ").startswith("uses:")
    ]
    assert uses
    pinned = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")
    assert [action for action in uses if not pinned.match(action)] == []


def test_the_commit_hook_runs_the_ruff_that_make_lint_runs() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    [local] = config["repos"]
    assert local["repo"] == "local"
    entries = {hook["id"]: hook["entry"].split() for hook in local["hooks"]}
    assert entries == {
        "ruff-check": [".venv/bin/ruff", "check", "--force-exclude"],
        "ruff-format": [".venv/bin/ruff", "format", "--force-exclude"],
    }
    assert re.search(r"^ruff==\S+ ", (ROOT / "requirements" / "test.txt").read_text(), re.M)
