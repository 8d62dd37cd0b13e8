import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("EMAIL_", "DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
        )
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        ALLOWED_HOSTS="complaints.example.com",
        REKLAMO_HTTPS="true",
        EMAIL_HOST="smtp.example.com",
        REKLAMO_VAR_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_malformed_variable_is_named_in_the_error(tmp_path):
    result = run_manage("check", DEBUG="maybe", REKLAMO_VAR_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr
