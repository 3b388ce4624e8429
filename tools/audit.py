"""Dependency audit: pip-audit over the installed environment, judged against audit-allowlist.txt.

    .venv/bin/pip install -e ".[audit]"
    .venv/bin/python tools/audit.py                       # needs the network (PyPI's vulnerability data)
    .venv/bin/python tools/audit.py --from-json report.json   # judge a report `pip-audit -f json` wrote

Prints one status line and exits with it:
    0 PASSED   every installed package was looked up, and every advisory found is in the allowlist
    1 FAILED   an advisory that the allowlist does not list (with its fixed versions)
    2 ERROR    pip-audit failed, or an allowlist line has no reason
    3 SKIPPED  the audit could not be done: pip-audit is missing, the vulnerability service cannot be
               reached (pip-audit then calls every package "not found on PyPI" and, by itself, reports
               "No known vulnerabilities found"), or packages could not be looked up and are not allowlisted

audit-allowlist.txt: one entry a line, `ADVISORY-ID PACKAGE REASON…` for an advisory that does not affect
yttrande-qa, or `unaudited PACKAGE REASON…` for a package that cannot be looked up (a local build);
`#` starts a comment. A reason is required.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWLIST = ROOT / "audit-allowlist.txt"
PASSED, FAILED, ERROR, SKIPPED = 0, 1, 2, 3
STATUS = {PASSED: "PASSED", FAILED: "FAILED", ERROR: "ERROR", SKIPPED: "SKIPPED"}
NETWORK_ERRORS = ("ConnectionError", "NameResolutionError", "Max retries exceeded", "timed out")


@dataclass
class Allowlist:
    advisories: dict[tuple[str, str], str] = field(default_factory=dict)  # (id, package) → reason
    unaudited: dict[str, str] = field(default_factory=dict)  # package → reason
    errors: list[str] = field(default_factory=list)


def read_allowlist(path: Path) -> Allowlist:
    allowlist = Allowlist()
    if not path.exists():
        return allowlist
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split("#", 1)[0].split(maxsplit=2)
        if not fields:
            continue
        if len(fields) < 3:
            allowlist.errors.append(f"{path.name}:{number}: expected ID PACKAGE REASON, got {line.strip()!r}")
        elif fields[0] == "unaudited":
            allowlist.unaudited[_name(fields[1])] = fields[2]
        else:
            allowlist.advisories[(fields[0], _name(fields[1]))] = fields[2]
    return allowlist


def judge(report: dict, allowlist: Allowlist) -> tuple[int, list[str]]:
    """(exit status, lines to print) for a pip-audit JSON report."""
    if allowlist.errors:
        return ERROR, allowlist.errors
    # yttrande-qa itself, installed editable, is not on PyPI: not a package to look up
    dependencies = [d for d in report.get("dependencies", []) if "editable" not in d.get("skip_reason", "")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if dependencies and len(skipped) == len(dependencies):
        return SKIPPED, [f"none of the {len(dependencies)} packages could be looked up (first: "
                         f"{skipped[0]['skip_reason']}): the vulnerability service cannot be reached from here"]
    lines: list[str] = []
    unlisted = [d for d in skipped if _name(d["name"]) not in allowlist.unaudited]
    for dependency in skipped:
        reason = allowlist.unaudited.get(_name(dependency["name"]))
        lines.append(f"{'unaudited (allowed)' if reason else 'unaudited'}: {dependency['skip_reason']}"
                     + (f" — {reason}" if reason else ""))
    found = 0
    for dependency in dependencies:
        for vulnerability in dependency.get("vulns", []):
            reason = _allowed(vulnerability, _name(dependency["name"]), allowlist)
            if reason:
                lines.append(f"allowed: {vulnerability['id']} in {dependency['name']} "
                             f"{dependency.get('version')}: {reason}")
            else:
                found += 1
                fixes = ", ".join(vulnerability.get("fix_versions") or []) or "none yet"
                lines.append(f"advisory: {vulnerability['id']} in {dependency['name']} "
                             f"{dependency.get('version')} (fixed in: {fixes})")
    if found:
        return FAILED, lines + [f"{found} advisories not in {ALLOWLIST.name}: upgrade, or list them with a reason"]
    if unlisted:
        return SKIPPED, lines + [f"{len(unlisted)} packages could not be looked up and are not in {ALLOWLIST.name}"]
    return PASSED, lines + [f"{len(dependencies)} packages looked up"]


def run_pip_audit() -> tuple[dict | None, list[str]]:
    """pip-audit's JSON report on this environment, or None and why not."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        command = [sys.executable, "-m", "pip_audit", "--local", "--skip-editable", "--format", "json",
                   "--progress-spinner", "off", "--output", str(output)]
        result = subprocess.run(command, capture_output=True, text=True)
        if output.exists() and output.stat().st_size:
            return json.loads(output.read_text(encoding="utf-8")), []
    message = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
    return None, [f"pip-audit exited with {result.returncode}: {message}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from-json", type=Path, help="judge this pip-audit JSON report instead of running it")
    parser.add_argument("--allowlist", type=Path, default=ALLOWLIST)
    args = parser.parse_args(argv)
    if args.from_json:
        report, problems = json.loads(args.from_json.read_text(encoding="utf-8")), []
    elif _has_pip_audit():
        report, problems = run_pip_audit()
    else:
        report, problems = None, ["pip-audit is not installed (pip install -e \".[audit]\")"]
    if report is None:
        unreachable = not _has_pip_audit() or any(error in problems[0] for error in NETWORK_ERRORS)
        status, lines = (SKIPPED if unreachable else ERROR), problems
    else:
        status, lines = judge(report, read_allowlist(args.allowlist))
    for line in lines:
        print(f"  {line}")
    print(f"dependency audit: {STATUS[status]}")
    return status


def _allowed(vulnerability: dict, package: str, allowlist: Allowlist) -> str | None:
    for advisory in [vulnerability["id"], *vulnerability.get("aliases", [])]:
        if (advisory, package) in allowlist.advisories:
            return allowlist.advisories[(advisory, package)]
    return None


def _has_pip_audit() -> bool:
    from importlib.util import find_spec

    return find_spec("pip_audit") is not None


def _name(package: str) -> str:
    return package.lower().replace("_", "-")


if __name__ == "__main__":
    sys.exit(main())
