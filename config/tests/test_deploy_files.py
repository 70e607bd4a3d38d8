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
import shutil
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


# The edge (deploy/edge.yaml) and what the app and data stacks promise around it.

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3"
TRACKING = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "fbclid",
    "gclid",
)


def _edge() -> dict[str, Any]:
    return _template("edge.yaml")


def _resolve(template: dict[str, Any], value: Any) -> Any:
    """A value with Refs to parameters (at their defaults) and FindInMap resolved."""
    if isinstance(value, dict) and "Ref" in value:
        return template["Parameters"][value["Ref"]].get("Default", value)
    if isinstance(value, dict) and "Fn::FindInMap" in value:
        name, key, attribute = value["Fn::FindInMap"]
        return template["Mappings"][name][key][attribute]
    if isinstance(value, dict) and "Fn::Sub" in value and isinstance(value["Fn::Sub"], str):
        return re.sub(
            r"\$\{(\w+)\}",
            lambda match: str(template["Parameters"][match.group(1)]["Default"]),
            value["Fn::Sub"],
        )
    return value


def _behaviour(path: str) -> dict[str, Any]:
    """The cache behaviour CloudFront applies to `path`: the first pattern that matches."""
    template = _edge()
    config = template["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    for behaviour in config["CacheBehaviors"]:
        pattern = _resolve(template, behaviour["PathPattern"])
        regex = "".join(
            ".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern
        )
        if re.fullmatch(regex, path):
            return dict(behaviour)
    return dict(config["DefaultCacheBehavior"])


def _policy(behaviour: dict[str, Any], key: str) -> dict[str, Any] | str:
    """The cache or origin request policy a behaviour names: its config, or a managed id."""
    template = _edge()
    reference = behaviour[key]
    if "Ref" in reference:
        properties = template["Resources"][reference["Ref"]]["Properties"]
        return dict(next(iter(properties.values())))
    return str(_resolve(template, reference))


NEVER_CACHED = [
    "/health/",
    "/health/ready/",
    "/metrics",
    "/admin/",
    "/admin/products/product/1/change/",
    "/alerts/",
    "/alerts/confirm/abc/",
    "/store/",
    "/accounts/login/",
    "/beacon/click/",
    "/api/v1/runs/",
    "/api/v1/runs/7/",
    "/api/v1/watchlists/",
    "/api/v1/watchlists/3/",
    "/api/v1/imports/",
]


@pytest.mark.parametrize("path", NEVER_CACHED)
def test_health_metrics_admin_and_visitor_paths_are_never_cached(path: str) -> None:
    behaviour = _behaviour(path)

    assert _policy(behaviour, "CachePolicyId") == CACHING_DISABLED
    # Everything of the request reaches the origin: cookies (session, CSRF), headers, query.
    assert _policy(behaviour, "OriginRequestPolicyId") == ALL_VIEWER


def test_the_admin_behaviour_follows_the_admin_path_the_app_is_given() -> None:
    app, edge = _template("app.yaml"), _edge()
    (web,) = _resources("app.yaml", "AWS::ECS::TaskDefinition")["WebTaskDefinition"][
        "ContainerDefinitions"
    ]
    env = {variable["Name"]: variable["Value"] for variable in web["Environment"]}
    patterns = [
        behaviour["PathPattern"]
        for behaviour in edge["Resources"]["Distribution"]["Properties"]["DistributionConfig"][
            "CacheBehaviors"
        ]
    ]

    assert env["DJANGO_ADMIN_URL"] == {"Ref": "AdminPath"}
    assert app["Parameters"]["AdminPath"]["Default"] == edge["Parameters"]["AdminPath"]["Default"]
    assert {"Fn::Sub": "/${AdminPath}/*"} in patterns


@pytest.mark.parametrize(
    ("path", "policy"),
    [
        ("/us/", "PageCachePolicy"),
        ("/p/us/B0EXAMPLE1-a-kettle/", "PageCachePolicy"),
        ("/c/us/172282-electronics/", "PageCachePolicy"),
        ("/us/search/", "PageCachePolicy"),
        ("/sitemap-products.xml", "PageCachePolicy"),
        ("/static/css/site.0123456789ab.css", "StaticCachePolicy"),
        ("/api/v1/products/", "ApiCachePolicy"),
        ("/api/v1/products/us/B0EXAMPLE1/prices/", "ApiCachePolicy"),
        ("/api/v1/categories/", "ApiCachePolicy"),
    ],
)
def test_cacheable_paths_key_on_no_cookie_and_forward_none(path: str, policy: str) -> None:
    behaviour = _behaviour(path)
    cache = _policy(behaviour, "CachePolicyId")
    origin = _policy(behaviour, "OriginRequestPolicyId")

    assert behaviour["CachePolicyId"] == {"Ref": policy}
    assert isinstance(cache, dict) and isinstance(origin, dict)
    assert cache["ParametersInCacheKeyAndForwardedToOrigin"]["CookiesConfig"] == {
        "CookieBehavior": "none"
    }
    assert origin["CookiesConfig"] == {"CookieBehavior": "none"}
    assert "POST" not in behaviour["AllowedMethods"]


@pytest.mark.parametrize("path", ["/", "/search/", "/collections/"])
def test_the_redirects_to_a_store_alone_get_the_store_cookie_and_are_never_kept(
    path: str,
) -> None:
    behaviour = _behaviour(path)
    origin = _policy(behaviour, "OriginRequestPolicyId")

    assert _policy(behaviour, "CachePolicyId") == CACHING_DISABLED
    assert isinstance(origin, dict)
    assert origin["CookiesConfig"] == {"CookieBehavior": "whitelist", "Cookies": ["store"]}
    assert "Accept-Language" in origin["HeadersConfig"]["Headers"]
    # The store-less search keeps its words on the way to the store's.
    assert origin["QueryStringsConfig"] == {
        "QueryStringBehavior": "whitelist",
        "QueryStrings": ["q"],
    }


def test_pages_and_the_api_are_kept_only_as_long_as_s_maxage_says() -> None:
    policies = _resources("edge.yaml", "AWS::CloudFront::CachePolicy")

    for name in ("PageCachePolicy", "ApiCachePolicy"):
        config = policies[name]["CachePolicyConfig"]
        # Default 0: an answer without s-maxage (or max-age) is not kept.
        assert (config["MinTTL"], config["DefaultTTL"]) == (0, 0)
        assert config["MaxTTL"] >= 3600
    static = policies["StaticCachePolicy"]["CachePolicyConfig"]
    assert static["DefaultTTL"] == static["MaxTTL"] == 365 * 24 * 3600


def test_the_page_allow_list_is_what_the_storefront_reads_and_no_tracking() -> None:
    from products.browse import BrowseForm

    config = _resources("edge.yaml", "AWS::CloudFront::CachePolicy")["PageCachePolicy"]
    queries = config["CachePolicyConfig"]["ParametersInCacheKeyAndForwardedToOrigin"][
        "QueryStringsConfig"
    ]

    assert queries["QueryStringBehavior"] == "whitelist"
    assert {*BrowseForm.base_fields, "page", "p"} == set(queries["QueryStrings"])
    # CloudFront's quota: at most 10 query strings per cache policy.
    assert len(queries["QueryStrings"]) <= 10
    assert not [name for name in queries["QueryStrings"] if name.startswith(TRACKING)]


def _api_function() -> tuple[str, list[str]]:
    code = _resources("edge.yaml", "AWS::CloudFront::Function")["ApiQueryAllowList"]["FunctionCode"]
    allowed = re.search(r"var ALLOWED = \[(.*?)\];", code, re.S)
    assert allowed
    return code, re.findall(r'"(\w+)"', allowed.group(1))


def test_the_api_allow_list_is_every_api_parameter_and_no_tracking() -> None:
    from config.api.pagination import KeysetPagination
    from products.api.filters import CategoryFilter, PriceHistoryFilter, ProductFilter
    from products.collections.api.views import CollectionFilter

    _, allowed = _api_function()
    read = {
        KeysetPagination.cursor_query_param,
        KeysetPagination.page_size_query_param,
        KeysetPagination.ordering_query_param,
    }
    for filterset in (ProductFilter, PriceHistoryFilter, CategoryFilter, CollectionFilter):
        read |= set(filterset.base_filters)
    behaviour = _behaviour("/api/v1/products/")

    assert set(allowed) == read
    assert allowed == sorted(allowed)
    assert not [name for name in allowed if name.startswith(TRACKING)]
    assert behaviour["FunctionAssociations"] == [
        {
            "EventType": "viewer-request",
            "FunctionARN": {"Fn::GetAtt": "ApiQueryAllowList.FunctionMetadata.FunctionARN"},
        }
    ]


@pytest.mark.skipif(not shutil.which("node"), reason="runs the edge function with Node.js")
def test_the_api_function_drops_tracking_and_sorts_what_it_keeps() -> None:
    code, _ = _api_function()
    event = {
        "request": {
            "querystring": {
                "utm_source": {"value": "news"},
                "search": {"value": "kettle"},
                "fbclid": {"value": "x"},
                "asin": {"value": "B0EXAMPLE1", "multiValue": [{"value": "B0EXAMPLE1"}]},
                "gclid": {"value": "y"},
            }
        }
    }
    script = f"{code}\nprocess.stdout.write(JSON.stringify(handler({json.dumps(event)})));"

    result = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, check=True, timeout=30
    )
    kept = json.loads(result.stdout)["querystring"]

    assert list(kept) == ["asin", "search"]
    assert kept["asin"]["multiValue"] == [{"value": "B0EXAMPLE1"}]


def test_the_load_balancer_forwards_only_requests_carrying_the_origin_secret() -> None:
    listener = _resources("app.yaml", "AWS::ElasticLoadBalancingV2::Listener")["HttpsListener"]
    rules = _resources("app.yaml", "AWS::ElasticLoadBalancingV2::ListenerRule")
    secret = _resources("app.yaml", "AWS::SecretsManager::Secret")["OriginSecret"]
    (origin,) = _edge()["Resources"]["Distribution"]["Properties"]["DistributionConfig"]["Origins"]
    forwarding = [rule for rule in rules.values() if rule["Actions"][0]["Type"] == "forward"]

    assert listener["DefaultActions"] == [
        {
            "Type": "fixed-response",
            "FixedResponseConfig": {
                "StatusCode": "403",
                "ContentType": "text/plain",
                "MessageBody": "Forbidden",
            },
        }
    ]
    assert len(forwarding) == 1
    (condition,) = forwarding[0]["Conditions"]
    assert condition["Field"] == "http-header"
    assert condition["HttpHeaderConfig"]["HttpHeaderName"] == "X-Origin-Verify"
    assert condition["HttpHeaderConfig"]["Values"] == [
        {"Fn::Sub": "{{resolve:secretsmanager:${OriginSecret}:SecretString:value}}"}
    ]
    # No * or ?: a listener rule reads them as wildcards.
    assert secret["GenerateSecretString"]["ExcludePunctuation"] is True
    assert origin["OriginCustomHeaders"] == [
        {"HeaderName": "X-Origin-Verify", "HeaderValue": {"Ref": "OriginSecret"}}
    ]
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"


def test_the_app_believes_cloudfront_and_the_load_balancer_in_x_forwarded_for() -> None:
    (web,) = _resources("app.yaml", "AWS::ECS::TaskDefinition")["WebTaskDefinition"][
        "ContainerDefinitions"
    ]
    env = {variable["Name"]: variable["Value"] for variable in web["Environment"]}

    assert env["TRUSTED_PROXY_COUNT"] == "2"


def test_the_edge_stack_is_refused_outside_us_east_1() -> None:
    (rule,) = _edge()["Rules"].values()

    assert rule["Assertions"][0]["Assert"] == {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}
    certificate = _resources("edge.yaml", "AWS::CertificateManager::Certificate")["Certificate"]
    assert certificate["ValidationMethod"] == "DNS"
    for record in _edge()["Resources"].values():
        if record["Type"] == "AWS::Route53::RecordSet":
            assert record["Condition"] == "HasHostedZone"


def test_waf_runs_the_managed_rules_and_limits_the_api_like_the_app() -> None:
    from config.api.throttling import AUTHENTICATED_MULTIPLIER

    edge = _edge()
    acl = edge["Resources"]["WebAcl"]["Properties"]
    rules = {rule["Name"]: rule for rule in acl["Rules"]}
    managed = {
        rule["Statement"]["ManagedRuleGroupStatement"]["Name"]
        for rule in acl["Rules"]
        if "ManagedRuleGroupStatement" in rule["Statement"]
    }
    defaults = run_python(
        "from config.settings.api import RATE_LIMIT_MAX_REQUESTS as n, RATE_LIMIT_WINDOW_MS as w;"
        "print(n, w)",
        settings_module="config.settings.test",
        env={},
        check=True,
        dropped=("RATE_LIMIT_MAX_REQUESTS", "RATE_LIMIT_WINDOW_MS"),
    )
    most, window_ms = map(int, defaults.stdout.split())

    assert acl["Scope"] == "CLOUDFRONT"
    assert {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"} <= managed
    config = edge["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    assert config["WebACLId"] == {"Fn::GetAtt": "WebAcl.Arn"}
    for name in ("api-rate-anonymous", "api-rate-signed-in"):
        rate = rules[name]["Statement"]["RateBasedStatement"]
        path = rate["ScopeDownStatement"]["AndStatement"]["Statements"][0]["ByteMatchStatement"]
        assert rate["AggregateKeyType"] == "IP"
        assert rate["EvaluationWindowSec"] in (60, 120, 300, 600)
        assert (path["SearchString"], path["PositionalConstraint"]) == ("/api/", "STARTS_WITH")
        assert rules[name]["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    window = rules["api-rate-anonymous"]["Statement"]["RateBasedStatement"]["EvaluationWindowSec"]
    limit = edge["Parameters"]["ApiRateLimit"]["Default"]
    assert limit == -(-most * window * 1000 // window_ms)
    signed_in = rules["api-rate-signed-in"]["Statement"]["RateBasedStatement"]["Limit"]
    assert int(_resolve(edge, signed_in)) == limit * AUTHENTICATED_MULTIPLIER


def test_the_backup_plan_keeps_dailies_and_monthlies_a_year_and_copies_when_asked() -> None:
    plan = _resources("data.yaml", "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlan"]
    rules = {rule["RuleName"]: rule for rule in plan["BackupPlanRule"]}
    (selection,) = _resources("data.yaml", "AWS::Backup::BackupSelection").values()

    assert rules["daily"]["ScheduleExpression"] == "cron(0 5 * * ? *)"
    assert rules["monthly"]["ScheduleExpression"] == "cron(0 6 1 * ? *)"
    assert rules["monthly"]["Lifecycle"]["DeleteAfterDays"] == 365
    for rule in rules.values():
        condition, copies, none = rule["CopyActions"]["Fn::If"]
        assert condition == "CopiesToSecondRegion"
        assert copies[0]["DestinationBackupVaultArn"] == {"Ref": "BackupCopyVaultArn"}
        assert copies[0]["Lifecycle"] == rule["Lifecycle"]
        assert none == {"Ref": "AWS::NoValue"}
    resources = selection["BackupSelection"]["Resources"]
    assert [resource["Fn::Sub"].rsplit(":", 1)[1] for resource in resources] == ["${Database}"]


def test_workers_run_on_fargate_spot_and_web_and_beat_on_fargate() -> None:
    services = _resources("app.yaml", "AWS::ECS::Service")
    (cluster,) = _resources("app.yaml", "AWS::ECS::Cluster").values()

    assert "FARGATE_SPOT" in cluster["CapacityProviders"]
    assert "LaunchType" not in services["WorkerService"]
    assert services["WorkerService"]["CapacityProviderStrategy"] == [
        {"CapacityProvider": "FARGATE_SPOT", "Weight": 1}
    ]
    assert services["WebService"]["LaunchType"] == "FARGATE"
    assert services["BeatService"]["LaunchType"] == "FARGATE"


def test_web_scales_from_2_to_10_tasks_at_70_percent_cpu() -> None:
    app = _template("app.yaml")
    target = _resources("app.yaml", "AWS::ApplicationAutoScaling::ScalableTarget")["WebScaling"]
    policy = _resources("app.yaml", "AWS::ApplicationAutoScaling::ScalingPolicy")["WebCpuScaling"]
    tracking = policy["TargetTrackingScalingPolicyConfiguration"]

    assert target["MinCapacity"] == {"Fn::If": ["Running", {"Ref": "WebMinCount"}, 0]}
    assert target["MaxCapacity"] == {"Fn::If": ["Running", {"Ref": "WebMaxCount"}, 0]}
    assert _resolve(app, {"Ref": "WebMinCount"}) == 2
    assert _resolve(app, {"Ref": "WebMaxCount"}) == 10
    assert _resolve(app, tracking["TargetValue"]) == 70
    assert (
        tracking["PredefinedMetricSpecification"]["PredefinedMetricType"]
        == "ECSServiceAverageCPUUtilization"
    )


def test_every_process_logs_at_the_stacks_log_level() -> None:
    app = _template("app.yaml")
    tasks = _resources("app.yaml", "AWS::ECS::TaskDefinition")

    assert set(app["Parameters"]["LogLevel"]["AllowedValues"]) <= {
        "DEBUG",
        "INFO",
        "WARNING",
        "ERROR",
        "CRITICAL",
    }
    for task in tasks.values():
        for container in task["ContainerDefinitions"]:
            env = {variable["Name"]: variable["Value"] for variable in container["Environment"]}
            assert env["LOG_LEVEL"] == {"Ref": "LogLevel"}


def test_access_logs_go_to_a_private_encrypted_bucket_that_expires_them() -> None:
    app = _template("app.yaml")
    bucket = app["Resources"]["LogBucket"]["Properties"]
    policy = app["Resources"]["LogBucketPolicy"]["Properties"]["PolicyDocument"]
    attributes = {
        item["Key"]: item["Value"]
        for item in app["Resources"]["LoadBalancer"]["Properties"]["LoadBalancerAttributes"]
    }
    logging = _edge()["Resources"]["Distribution"]["Properties"]["DistributionConfig"]["Logging"]
    expiring = {
        rule["Prefix"]: rule["ExpirationInDays"]
        for rule in bucket["LifecycleConfiguration"]["Rules"]
    }
    (alb,) = [
        s for s in policy["Statement"] if isinstance(s, dict) and s.get("Sid") == "LoadBalancerLogs"
    ]

    assert set(bucket["PublicAccessBlockConfiguration"].values()) == {True}
    rule = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    # CloudFront's standard logs are written with an ACL: ACLs must stay enabled.
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerPreferred"}]
    assert attributes["access_logs.s3.enabled"] == "true"
    assert attributes["access_logs.s3.bucket"] == {"Ref": "LogBucket"}
    assert alb["Resource"]["Fn::Sub"].startswith(
        f"${{LogBucket.Arn}}/{attributes['access_logs.s3.prefix']}/"
    )
    assert logging["Prefix"].startswith("access/") and "access/" in expiring
    assert expiring["access/"] == {"Ref": "AccessLogRetentionDays"}
    (trail,) = [r for r in app["Resources"].values() if r["Type"] == "AWS::CloudTrail::Trail"]
    assert trail["Condition"] == "TrailEnabled"
    assert expiring[trail["Properties"]["S3KeyPrefix"] + "/"] == 365


def test_database_and_redis_alarms_notify_a_topic_cloudwatch_can_publish_to() -> None:
    data = _template("data.yaml")
    alarms = _resources("data.yaml", "AWS::CloudWatch::Alarm")
    watched = {(alarm.get("Namespace"), alarm.get("MetricName")) for alarm in alarms.values()}
    key = data["Resources"]["AlarmKey"]["Properties"]["KeyPolicy"]["Statement"]

    assert {
        ("AWS/RDS", "CPUUtilization"),
        ("AWS/RDS", "FreeStorageSpace"),
        ("AWS/RDS", "DatabaseConnections"),
        ("AWS/ElastiCache", "EngineCPUUtilization"),
        ("AWS/ElastiCache", "DatabaseMemoryUsagePercentage"),
        ("AWS/ElastiCache", "CurrConnections"),
    } <= watched
    for alarm in alarms.values():
        assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    # The AWS managed key aws/sns does not let CloudWatch publish.
    assert data["Resources"]["AlarmTopic"]["Properties"]["KmsMasterKeyId"] == {"Ref": "AlarmKey"}
    assert any(s["Principal"] == {"Service": "cloudwatch.amazonaws.com"} for s in key)
    for alarm in _resources("app.yaml", "AWS::CloudWatch::Alarm").values():
        for action in alarm["AlarmActions"]:
            assert action in (
                {"Fn::ImportValue": {"Fn::Sub": "${DataStackName}-AlarmTopicArn"}},
                {"Ref": "WorkerScaleOut"},
                {"Ref": "WorkerScaleIn"},
            )


def test_the_dashboard_is_json_with_the_figures_of_the_plan() -> None:
    (dashboard,) = _resources("app.yaml", "AWS::CloudWatch::Dashboard").values()
    body, variables = dashboard["DashboardBody"]["Fn::Sub"]
    names = set(re.findall(r"\$\{([\w.:]+)\}", body))
    widgets = json.loads(re.sub(r"\$\{[\w.:]+\}", "x", body))["widgets"]
    shown = {
        (metric[0], metric[1]) for widget in widgets for metric in widget["properties"]["metrics"]
    }

    assert names <= {"AWS::Region", "Environment", "DistributionId", "Cluster"} | {
        "LoadBalancer.LoadBalancerFullName",
        *variables,
    }
    assert {
        ("AWS/ApplicationELB", "RequestCount"),
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
        ("AWS/ApplicationELB", "TargetResponseTime"),
        ("AWS/ECS", "CPUUtilization"),
        ("AWS/ECS", "MemoryUtilization"),
        ("AWS/RDS", "CPUUtilization"),
        ("AWS/RDS", "DatabaseConnections"),
        ("AWS/RDS", "FreeStorageSpace"),
        ("AWS/ElastiCache", "DatabaseMemoryUsagePercentage"),
        ("AWS/ElastiCache", "EngineCPUUtilization"),
        ("AWS/CloudFront", "Requests"),
        ("AWS/CloudFront", "CacheHitRate"),
        ("AWS/CloudFront", "5xxErrorRate"),
        ("AWS/WAFV2", "BlockedRequests"),
    } <= shown
    p95 = [
        w
        for w in widgets
        if ("AWS/ApplicationELB", "TargetResponseTime")
        in {(m[0], m[1]) for m in w["properties"]["metrics"]}
    ]
    assert p95[0]["properties"]["stat"] == "p95"


def test_the_workflow_smoke_tests_through_the_edge_and_reports_either_way() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yaml").read_text())
    steps = workflow["jobs"]["deploy"]["steps"]
    names = [step.get("name") for step in steps]
    smoke = steps[names.index("Smoke test through CloudFront")]["run"]
    notify = steps[names.index("Notify the alarm topic")]

    assert names.index("Wait for every service to be stable") < names.index(
        "Smoke test through CloudFront"
    )
    assert '"https://$domain/health/"' in smoke and '"https://$domain/"' in smoke
    assert smoke.count("--fail ") == 2 and "x-amz-cf-id" in smoke and "= 403 ]" in smoke
    assert notify["if"] == "always()"
    assert "aws sns publish" in notify["run"] and notify["env"]["RESULT"] == "${{ job.status }}"
