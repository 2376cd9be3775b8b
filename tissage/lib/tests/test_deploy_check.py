"""The production deployment works end to end: scripts/deploy-check, run by the suite.

It starts its own PostgreSQL, gunicorn and nginx on loopback (docs/deployment.md); `make test`
installs nginx and PostgreSQL (scripts/install-system-deps test), gunicorn is a test extra.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.deployment
def test_gunicorn_behind_nginx_with_postgresql_passes_the_deployment_check() -> None:
    # The script sets the whole production environment itself; nothing of the test run's
    # (its database, the browser tests' async switch) may leak into it.
    leaking = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "DATABASE_REPLICA_URL"}
    env = {key: value for key, value in os.environ.items() if key not in leaking}
    env["VENV"] = str(Path(sys.executable).parent.parent)
    result = subprocess.run(
        [str(ROOT / "scripts" / "deploy-check")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Déploiement vérifié" in result.stdout
    for step in ("check --deploy", "fichier statique servi par nginx", "connexion (POST"):
        assert step in result.stdout
