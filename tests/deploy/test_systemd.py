"""deploy/systemd: the units a production machine runs, checked by systemd's own tools.

`systemd-analyze verify` loads each unit as systemd would (unknown keys, bad values, programs
that do not exist) and `systemd-analyze security --offline` scores its exposure; these run on
copies whose /srv/practice paths point at this checkout, so the programs they name are real.
"""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from .processes import require
from .servers import ROOT

UNITS = ROOT / "deploy" / "systemd"
SERVICES = sorted(UNITS.glob("practice-*.service"))
TIMERS = sorted(UNITS.glob("practice-*.timer"))
STATE = "/var/lib/practice"
BACKUPS = "/var/backups/practice"


def parse(path):
    """[(section, key, value)] of a unit file (keys may repeat, as systemd allows)."""
    entries, section = [], None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        entries.append((section, key.strip(), value.strip()))
    return entries


def values(path, key):
    return [value for _, k, value in parse(path) if k == key]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The units as they would be installed, with /srv/practice standing for this checkout."""
    require("systemd-analyze", "apt-get install -y systemd")
    folder = tmp_path_factory.mktemp("units")
    venv_bin = str(Path(sys.executable).parent)
    for unit in (*SERVICES, *TIMERS):
        text = unit.read_text().replace("/srv/practice/.venv/bin", venv_bin)
        (folder / unit.name).write_text(text.replace("/srv/practice", str(ROOT)))
    return folder


def test_there_is_a_service_for_the_site_and_for_each_daily_job():
    names = {unit.name for unit in SERVICES}
    assert {
        "practice-web.service",
        "practice-worker.service",
        "practice-purge.service",
        "practice-clean-gallery.service",
        "practice-notify.service",
        "practice-backup.service",
    } <= names
    for timer in TIMERS:
        assert timer.with_suffix(".service").name in names
        assert values(timer, "OnCalendar") and values(timer, "Persistent") == ["true"]


def test_systemd_analyze_verify_accepts_every_unit(installed):
    units = sorted(str(path) for path in installed.iterdir())
    result = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, cwd=installed
    )
    # Any message (an unknown key is only a warning) counts as a failure.
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_every_service_is_hardened_and_writes_only_the_data(service, installed):
    settings = {key: value for _, key, value in parse(service)}
    assert settings["User"] == settings["Group"] == "practice"
    for key, value in {
        "ProtectSystem": "strict",
        "PrivateTmp": "yes",
        "NoNewPrivileges": "yes",
        "ProtectHome": "yes",
        "PrivateDevices": "yes",
        "UMask": "0077",
        "CapabilityBoundingSet": "",
        "StateDirectory": "practice",
        "StateDirectoryMode": "0700",
    }.items():
        assert settings.get(key) == value, key
    # The database and the media folder live in the state directory, the only writable path
    # besides the archives' folder of the backup job.
    environment = dict(v.split("=", 1) for v in values(service, "Environment"))
    assert environment["SQLITE_PATH"].startswith(STATE + "/")
    assert environment["MEDIA_ROOT"].startswith(STATE + "/")
    writable = values(service, "ReadWritePaths")
    assert writable == ([BACKUPS] if service.name == "practice-backup.service" else [])

    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", str(installed / service.name)],
        capture_output=True,
        text=True,
    )
    exposure = float(re.search(r"Overall exposure level for \S+: ([\d.]+)", result.stdout)[1])
    assert exposure <= 2.0, result.stdout  # systemd calls up to 2.0 "OK"


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_each_job_runs_a_real_command_with_valid_options(service):
    (command,) = values(service, "ExecStart")
    words = shlex.split(command)
    assert words[0].startswith("/srv/practice/.venv/bin/")
    if words[0].endswith("/gunicorn"):
        assert words[1:] == ["-c", "/srv/practice/gunicorn.conf.py"]
        return
    assert words[1] == "/srv/practice/manage.py"
    name, arguments = words[2], words[3:]
    assert name in get_commands()
    parser = load_command_class(get_commands()[name], name).create_parser("manage.py", name)
    parser.parse_args(arguments)  # exits (fails the test) on an unknown option


def test_caddy_drop_in_reads_the_practice_variables():
    drop_in = UNITS / "caddy.service.d" / "practice.conf"
    assert values(drop_in, "EnvironmentFile") == ["/etc/caddy/practice.env"]
    example = (ROOT / "deploy" / "caddy" / "practice.env.example").read_text()
    caddyfile = (ROOT / "deploy" / "caddy" / "Caddyfile").read_text()
    for variable in set(re.findall(r"\{\$([A-Z_]+)", caddyfile)):
        assert variable in example, f"{variable} is not described in practice.env.example"


def test_deploy_manage_runs_commands_as_the_units_do():
    """deploy/manage (systemd-run) gives manage.py the user, paths and settings of the units."""
    script = (ROOT / "deploy" / "manage").read_text()
    assert subprocess.run(["sh", "-n", str(ROOT / "deploy" / "manage")]).returncode == 0
    web = UNITS / "practice-web.service"
    properties = re.findall(r"-p (\w+)=(\S+)", script)
    environment = sorted(v for k, v in properties if k == "Environment")
    assert environment == sorted(values(web, "Environment"))
    assert [v for k, v in properties if k == "EnvironmentFile"] == values(web, "EnvironmentFile")
    for key in ("UMask", "StateDirectory", "StateDirectoryMode"):
        assert [v for k, v in properties if k == key] == values(web, key)
    assert "--uid=practice --gid=practice" in script
    assert f"--working-directory={values(web, 'WorkingDirectory')[0]}" in script
