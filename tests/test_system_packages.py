"""scripts/system-packages.sh decides what to install, how, and when to stop:
run here against fake dpkg-query, apt-cache, apt-get, sudo and id on PATH (the
real ones are never reached: PATH holds the fakes and `env` only)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

SCRIPT = REPO / "scripts" / "system-packages.sh"
APT = "apt-get -o DPkg::Lock::Timeout=300"
PARSE = ["python3-venv", "tesseract-ocr", "tesseract-ocr-chi-tra"]

# dpkg-query reports what the state file lists; apt-get install adds to it, so
# a second run sees what the first installed.
FAKES = {
    "dpkg-query": """
for last; do :; done
while read -r name; do
  [ "$name" = "$last" ] && { printf 'install ok installed'; exit 0; }
done < "$FAKE_STATE"
echo "dpkg-query: no packages found matching $last" >&2
exit 1
""",
    "apt-cache": """
case " ${FAKE_UNAVAILABLE:-} " in
  *" $2 "*) printf '%s:\\n  Installed: (none)\\n  Candidate: (none)\\n' "$2" ;;
  *) printf '%s:\\n  Installed: (none)\\n  Candidate: 1.0\\n' "$2" ;;
esac
""",
    "apt-get": """
echo "$DEBIAN_FRONTEND apt-get $*" >> "$FAKE_LOG"
case " $* " in
  *" install "*)
    [ "${FAKE_INSTALL_RC:-0}" = 0 ] || { echo "E: Unable to locate package" >&2; exit 100; }
    echo "Selecting previously unselected package."
    for arg; do
      case $arg in -*|install|DPkg::*) ;; *) echo "$arg" >> "$FAKE_STATE" ;; esac
    done
    ;;
esac
""",
    "sudo": """
echo "sudo $*" >> "$FAKE_LOG"
[ "$1" = -n ] && shift
[ "$*" = true ] && exit "${FAKE_SUDO_RC:-0}"
"$@"
""",
    "id": 'echo "${FAKE_UID:-0}"\n',
}


@pytest.fixture
def fake(tmp_path: Path):
    """Runs the script under the fakes; returns (returncode, stdout, stderr lines, calls logged)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "env").symlink_to(shutil.which("env"))
    state, log = tmp_path / "installed", tmp_path / "log"
    state.write_text("")

    def run(
        *args: str, installed: list[str] = (), without: tuple[str, ...] = (), **env: str
    ) -> tuple[int, str, list[str], list[str]]:
        for name, body in FAKES.items():
            path = bin_dir / name
            path.unlink(missing_ok=True)
            if name not in without:
                path.write_text("#!/bin/sh\n" + body)
                path.chmod(0o755)
        if installed:
            state.write_text("".join(f"{p}\n" for p in installed))
        log.write_text("")
        environ = {"PATH": str(bin_dir), "FAKE_STATE": str(state), "FAKE_LOG": str(log), **env}
        proc = subprocess.run(
            ["/bin/sh", str(SCRIPT), *args],
            env=environ,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return proc.returncode, proc.stdout, proc.stderr.splitlines(), log.read_text().splitlines()

    return run


def test_nothing_to_do_calls_no_apt_get(fake) -> None:
    assert fake("parse", installed=PARSE) == (0, "", [], [])


def test_missing_packages_are_installed_once_as_root(fake) -> None:
    code, out, err, calls = fake("parse", installed=["python3-venv", "tesseract-ocr"])
    assert code == 0 and out == ""  # dpkg's chatter is dropped
    assert err == ["system packages: installing tesseract-ocr-chi-tra with apt-get"]
    assert calls == [
        f"noninteractive {APT} update -qq",
        f"noninteractive {APT} install -y -qq --no-install-recommends tesseract-ocr-chi-tra",
    ]
    assert fake("parse") == (0, "", [], [])  # as a second `make parse`


def test_not_root_installs_through_sudo_without_waiting_for_a_password(fake) -> None:
    code, _, _, calls = fake("parse", FAKE_UID="1000")
    assert code == 0
    assert calls[0] == "sudo -n true"
    assert calls[-1] == f"noninteractive {APT} install -y -qq --no-install-recommends {' '.join(PARSE)}"
    assert f"sudo -n env DEBIAN_FRONTEND=noninteractive {APT} update -qq" in calls


@pytest.mark.parametrize(
    ("env", "without", "says"),
    [
        ({"FAKE_UID": "1000"}, ("sudo",), f"(not root, and no sudo); run as root: {APT} update && {APT} install"),
        ({"FAKE_UID": "1000", "FAKE_SUDO_RC": "1"}, (), f"no terminal); run: sudo {APT} update && sudo {APT}"),
        ({"FAKE_INSTALL_RC": "100"}, (), f"could not install tesseract-ocr-chi-tra; run: {APT} update && {APT}"),
    ],
)
def test_when_it_cannot_install_it_stops_with_the_command_to_run(fake, env, without, says) -> None:
    code, _, err, calls = fake("parse", installed=PARSE[:2], without=without, **env)
    assert code == 1
    assert says in err[-1]
    assert err[-1].endswith(" install -y --no-install-recommends tesseract-ocr-chi-tra")
    if "FAKE_INSTALL_RC" not in env:
        assert err == err[-1:]  # one line
        assert not [c for c in calls if "apt-get" in c]


def test_without_apt_get_it_stops_and_names_the_way_out(fake) -> None:
    code, _, err, calls = fake("parse", without=("apt-get", "dpkg-query", "apt-cache"))
    assert code == 1 and calls == [] and len(err) == 1
    assert "python3-venv tesseract-ocr tesseract-ocr-chi-tra" in err[0] and "SKIP_SYSTEM_PACKAGES=1" in err[0]
    assert fake("parse", without=("apt-get", "dpkg-query"), SKIP_SYSTEM_PACKAGES="1") == (0, "", [], [])


def test_the_test_group_adds_a_browser_and_its_driver_under_either_name(fake) -> None:
    assert fake("test", installed=[*PARSE, "chromium-browser", "chromium-chromedriver"]) == (0, "", [], [])
    _, _, _, calls = fake("test", installed=PARSE)
    assert calls[-1].endswith("--no-install-recommends chromium chromium-driver")
    _, _, _, calls = fake("test", installed=PARSE, FAKE_UNAVAILABLE="chromium chromium-driver")
    assert calls[-1].endswith("--no-install-recommends chromium-browser chromium-chromedriver")
    _, _, _, calls = fake("test", installed=[*PARSE, "chromium"])
    assert calls[-1].endswith("--no-install-recommends chromium-driver")


def test_groups_list_their_packages() -> None:
    def listed(*groups: str) -> list[str]:
        return subprocess.run(
            ["/bin/sh", str(SCRIPT), "--list", *groups], capture_output=True, text=True, check=True
        ).stdout.split()

    assert listed("parse") == PARSE
    assert listed("roundtrip") == [
        *PARSE,
        "libreoffice-writer-nogui",
        "chromium|chromium-browser",
        "fonts-noto-cjk",
        "fonts-arphic-uming",
        "fonts-arphic-ukai",
        "poppler-utils",
    ]
    assert listed("parse", "test") == [*PARSE, "chromium|chromium-browser", "chromium-driver|chromium-chromedriver"]
    bad = subprocess.run(["/bin/sh", str(SCRIPT), "nonsense"], capture_output=True, text=True)
    assert bad.returncode == 2 and "usage:" in bad.stderr


def test_dry_run_prints_the_commands_and_runs_none(fake) -> None:
    code, out, err, calls = fake("--dry-run", "parse", installed=PARSE[:2])
    assert code == 0 and calls == []
    assert err == ["system packages: would install tesseract-ocr-chi-tra with apt-get"]
    assert out.splitlines()[-1] == (
        f"env DEBIAN_FRONTEND=noninteractive {APT} install -y -qq --no-install-recommends tesseract-ocr-chi-tra"
    )


@pytest.mark.skipif(not shutil.which("make"), reason="make not installed")
def test_make_installs_system_packages_before_the_venv_and_the_browser_before_the_tests() -> None:
    plan = subprocess.run(
        ["make", "-n", "-B", "test"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    order = [
        next(i for i, line in enumerate(plan) if want in line)
        for want in ("system-packages.sh parse", "-m venv", "system-packages.sh test", "-m pytest")
    ]
    assert order == sorted(order), plan


@pytest.mark.skipif(not shutil.which("make"), reason="make not installed")
def test_make_eval_without_the_scoring_cases_says_so_and_succeeds(tmp_path: Path) -> None:
    proc = subprocess.run(
        ["make", "--no-print-directory", "eval", f"DEV_EVAL={tmp_path / 'absent'}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 1 and "skipped" in proc.stdout
