"""Spreadsheet uploads handed to movable.importing, which reads files by their suffix."""

import os
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import BinaryIO

from api.limits import check_upload
from models import Problem
from movable.importing import import_problem

KINDS = ("visits", "consultants", "vans")


def safe_name(kind: str, filename: str | None) -> str:
    """The upload's base name (it appears in the row messages), reduced to harmless characters."""
    name = re.sub(r"[^\w.\- ]", "_", Path(filename or "").name).strip(" .")
    return name or f"{kind}.csv"


def import_uploads(files: dict[str, tuple[str | None, BinaryIO]], start: date, end: date, name: str | None) -> Problem:
    """Write the three uploads to a private temporary folder and import them (InputError on bad rows)."""
    with tempfile.TemporaryDirectory(prefix="movable-import-") as folder:
        paths = {}
        for kind in KINDS:
            filename, content = files[kind]
            path = Path(folder) / kind / safe_name(kind, filename)  # one folder each: names may clash
            path.parent.mkdir()
            check_upload(path.name, content.seek(0, os.SEEK_END))  # before reading it into memory
            content.seek(0)
            path.write_bytes(content.read())
            paths[kind] = path
        return import_problem(paths["visits"], paths["consultants"], paths["vans"], start, end, name=name or None)
