"""API keys: `mv_<id>_<secret>`, of which only a sha256 of the secret is stored."""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.tables import ROLES, ApiKeyRow

_KEY = re.compile(r"^mv_(\d{1,18})_([A-Za-z0-9_-]{20,100})$")


@dataclass(frozen=True)
class Principal:
    """Who is asking: the key's role, and for a consultant their id."""

    key_id: int
    role: str
    consultant_id: str | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(session: Session, role: str, consultant_id: str | None = None) -> str:
    """Store a new key and return it; it cannot be shown again."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not '{role}'")
    if (role == "consultant") != (consultant_id is not None):
        raise ValueError("a consultant key needs --consultant, and only a consultant key takes one")
    secret = secrets.token_urlsafe(32)
    row = ApiKeyRow(hash=_digest(secret), role=role, consultant_id=consultant_id)
    session.add(row)
    session.flush()  # the id is part of the key
    return f"mv_{row.id}_{secret}"


def verify_key(session: Session, key: str) -> Principal | None:
    """The key's principal, or None. The id finds the row; the secret is compared in constant time."""
    match = _KEY.match(key.strip())
    if match is None:
        return None
    row = session.get(ApiKeyRow, int(match[1]))
    if row is None or not hmac.compare_digest(row.hash, _digest(match[2])):
        return None
    return Principal(row.id, row.role, row.consultant_id)
