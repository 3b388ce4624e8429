"""tools/audit.py: a pip-audit report judged against the allowlist; an audit that could not look packages
up is SKIPPED, never PASSED."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AUDIT = ROOT / "tools" / "audit.py"
NOT_FOUND = "Dependency not found on PyPI and could not be audited: {} ({})"
ADVISORY = {"id": "GHSA-aaaa-bbbb-cccc", "fix_versions": ["7.2.0"], "aliases": ["CVE-2026-12345"],
            "description": "A crafted PDF loops forever."}


def audit(tmp_path: Path, dependencies: list[dict], allowlist: str = "") -> subprocess.CompletedProcess:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}), encoding="utf-8")
    allowed = tmp_path / "allowlist.txt"
    allowed.write_text(allowlist, encoding="utf-8")
    return subprocess.run([sys.executable, str(AUDIT), "--from-json", str(report), "--allowlist", str(allowed)],
                          capture_output=True, text=True, timeout=60)


def not_found(name: str, version: str) -> dict:
    return {"name": name, "skip_reason": NOT_FOUND.format(name, version)}


OURS = {"name": "yttrande-qa", "skip_reason": "distribution marked as editable"}
PYPDF = {"name": "pypdf", "version": "7.1.1", "vulns": []}


def test_a_service_that_finds_no_package_is_skipped_not_passed(tmp_path):
    result = audit(tmp_path, [not_found("pypdf", "7.1.1"), not_found("gradio", "6.31.0"), OURS])
    assert result.returncode == 3
    assert result.stdout.strip().endswith("dependency audit: SKIPPED") and "PASSED" not in result.stdout


def test_an_advisory_not_in_the_allowlist_fails(tmp_path):
    result = audit(tmp_path, [{**PYPDF, "vulns": [ADVISORY]}, OURS])
    assert result.returncode == 1 and "dependency audit: FAILED" in result.stdout
    assert "GHSA-aaaa-bbbb-cccc in pypdf 7.1.1 (fixed in: 7.2.0)" in result.stdout


def test_an_allowlisted_advisory_passes_with_its_reason(tmp_path):
    result = audit(tmp_path, [{**PYPDF, "vulns": [ADVISORY]}, OURS],
                   "CVE-2026-12345 pypdf  only the writer is affected; yttrande-qa only reads\n")
    assert result.returncode == 0 and "dependency audit: PASSED" in result.stdout
    assert "allowed: GHSA-aaaa-bbbb-cccc in pypdf 7.1.1: only the writer is affected" in result.stdout


def test_an_allowlist_line_without_a_reason_is_an_error(tmp_path):
    result = audit(tmp_path, [{**PYPDF, "vulns": [ADVISORY]}], "CVE-2026-12345 pypdf\n")
    assert result.returncode == 2 and "expected ID PACKAGE REASON" in result.stdout


@pytest.mark.parametrize("allowlist,status", [("", 3), ("unaudited torch  a local CPU build\n", 0)])
def test_a_package_that_cannot_be_looked_up_must_be_allowlisted(tmp_path, allowlist, status):
    result = audit(tmp_path, [PYPDF, not_found("torch", "2.13.0+cpu"), OURS], allowlist)
    assert result.returncode == status, result.stdout


def test_the_real_audit_says_what_it_did():
    """Here the vulnerability service cannot be reached: SKIPPED. With the network: PASSED or FAILED."""
    result = subprocess.run([sys.executable, str(AUDIT)], capture_output=True, text=True, timeout=600)
    status = {0: "PASSED", 1: "FAILED", 3: "SKIPPED"}[result.returncode]
    assert result.stdout.strip().splitlines()[-1] == f"dependency audit: {status}"
    if status == "PASSED":
        assert "  unaudited: " not in result.stdout  # only allowlisted packages may go unaudited


# Releases that fix the last advisory known when the floors were raised (2026-11; pip-audit finds newer ones).
FIXED_IN = {"pypdf": "6.21.4", "gradio": "6.16", "cryptography": "50.0", "tqdm": "4.66.3"}


def test_dependency_floors_admit_no_release_with_a_known_advisory():
    import tomllib

    from packaging.requirements import Requirement
    from packaging.version import Version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        floors[requirement.name.lower()] = min(
            (Version(spec.version) for spec in requirement.specifier if spec.operator == ">="), default=None)
    for package, fixed in FIXED_IN.items():
        assert floors[package] is not None and floors[package] >= Version(fixed), (package, floors[package])
