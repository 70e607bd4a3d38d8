"""Known vulnerabilities in the locked requirements, through pip-audit, said plainly.

pip-audit asks PyPI's JSON API about each pinned version. A machine that cannot reach it,
or an index serving versions PyPI does not know, leaves packages unaudited: that is
reported as such, never as a clean audit. Known vulnerabilities fail the run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def audit(requirements: str) -> tuple[list[str], list[str]]:
    """(vulnerabilities found, packages that could not be audited) for one locked file."""
    command = [str(BIN / "pip-audit"), "-r", requirements, "--no-deps", "--disable-pip"]
    # A fixed command; the only argument is a requirements file named in the Makefile.
    result = subprocess.run(  # noqa: S603
        [*command, "--progress-spinner", "off", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return [], [f"all of {requirements} (pip-audit could not run: {last})"]
    found: list[str] = []
    unaudited: list[str] = []
    for dependency in report.get("dependencies", []):
        name = f"{dependency['name']} {dependency.get('version', '')}".strip()
        if dependency.get("skip_reason"):
            unaudited.append(name)
        found.extend(f"{name}: {vuln['id']}" for vuln in dependency.get("vulns", []))
    return found, unaudited


def main(files: list[str]) -> int:
    failed = False
    for requirements in files:
        found, unaudited = audit(requirements)
        for line in found:
            print(f"pip-audit: {requirements}: VULNERABLE {line}")
        if unaudited:
            print(
                f"pip-audit: {requirements}: NOT AUDITED ({len(unaudited)} packages): the "
                f"vulnerability service could not be reached or did not know these versions: "
                + ", ".join(unaudited[:5])
                + (" ..." if len(unaudited) > 5 else "")
            )
        elif not found:
            print(f"pip-audit: {requirements}: no known vulnerabilities")
        failed = failed or bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
