"""Production settings pass Django's deployment checks; the command line works."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tissage.lib.env import envbool, envint, envlist

ROOT = Path(__file__).resolve().parents[3]


def _clean_environment() -> dict[str, str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never does.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_tissage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tissage.cli", *args],
        cwd=ROOT,
        env={**_clean_environment(), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing_with_production_variables(tmp_path):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "k" + "x7Gq2vN9pL4mR8sT1wY6zB3cF5hJ0kD" * 2,
        "ALLOWED_HOSTS": "tissage.example.org",
        "TISSAGE_HTTPS": "1",
        "TISSAGE_DATA_DIR": str(tmp_path),
    }
    result = run_tissage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_without_https(tmp_path):
    env = {"DEBUG": "0", "TISSAGE_HTTPS": "0", "TISSAGE_DATA_DIR": str(tmp_path)}
    result = run_tissage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr + result.stdout


def test_the_secret_key_is_created_once_in_the_data_folder(tmp_path):
    env = {"TISSAGE_DATA_DIR": str(tmp_path), "SECRET_KEY": ""}
    run_tissage("check", env=env)
    key = (tmp_path / "secret_key").read_text()
    run_tissage("check", env=env)
    assert (tmp_path / "secret_key").read_text() == key
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_env_helpers_fail_loudly(monkeypatch):
    monkeypatch.setenv("X_BOOL", "peut-être")
    with pytest.raises(ImproperlyConfigured):
        envbool("X_BOOL")
    monkeypatch.setenv("X_INT", "douze")
    with pytest.raises(ImproperlyConfigured):
        envint("X_INT", 1)
    monkeypatch.setenv("X_LIST", " a, b ,,")
    assert envlist("X_LIST") == ["a", "b"]
    monkeypatch.setenv("X_BOOL", "oui")
    assert envbool("X_BOOL") is True
