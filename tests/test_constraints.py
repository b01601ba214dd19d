"""constraints.txt pins one release of every Python package, so that `make
parse` on a fresh machine writes the committed parsed/: each dependency of
pyproject.toml pinned within its range, every install in the Makefile held to
the pins, and the environment these tests run in the pinned one."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO


def pins() -> dict[str, str]:
    found = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            assert pinned, f"constraints.txt: {line!r} is not name==version"
            found[canonicalize_name(name)] = pinned
    return found


def requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        listed += extra
    return [Requirement(r) for r in listed]


def test_every_dependency_is_pinned_within_its_range() -> None:
    pinned = pins()
    for req in requirements():
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is in pyproject.toml but not pinned in constraints.txt"
        assert req.specifier.contains(pinned[name], prereleases=True), (
            f"constraints.txt pins {req.name}=={pinned[name]}, outside pyproject.toml's {req.specifier}"
        )


def test_every_install_in_the_makefile_takes_the_pins() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PIP := .*pip install .*-c constraints\.txt$", makefile, re.M)
    for line in makefile.splitlines():
        # Only `make constraints` installs unpinned: it is how new pins are chosen.
        if "pip install" in line and not line.startswith("PIP :=") and ".venv-constraints" not in line:
            raise AssertionError(f"Makefile installs without the pins (use $(PIP)): {line.strip()}")


def test_the_environment_is_the_pinned_one() -> None:
    # A .venv made before a pin changed would fail the committed-dataset tests
    # with differences in OCR'd text and no word of why; this says why.
    drifted = []
    for name, pinned in pins().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # an extra not installed here (the corpus's)
        if installed != pinned:
            drifted.append(f"{name} {installed} (pinned {pinned})")
    assert not drifted, (
        f"installed releases differ from constraints.txt, reinstall with `rm .venv/.installed && make test`: {drifted}"
    )
