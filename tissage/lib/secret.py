"""A secret key that survives restarts without being committed anywhere."""

import os
import secrets
from pathlib import Path


def load_or_create_secret_key(data_dir: Path) -> str:
    """Return the key stored in the data folder, creating it on first start.

    Production sets SECRET_KEY; a local install (`make demo`) still gets a strong,
    stable key so that sessions survive a restart and `check --deploy` has nothing to say.
    """
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    # Written aside, then linked into place: two processes starting at once (the test suite's
    # two passes, gunicorn's workers) never read a half-written key, and both keep the first.
    draft = data_dir / f".secret_key.{os.getpid()}"
    draft.write_text(secrets.token_urlsafe(50), encoding="ascii")
    draft.chmod(0o600)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text(encoding="ascii").strip()
