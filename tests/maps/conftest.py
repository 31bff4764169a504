"""The hostile company name the map tests check; the shared example and its hostile copy are in tests/conftest.py."""

import pytest

HOSTILE = '=HYPERLINK("http://x") <script>alert(\'x\')</script> & `tick` ${x} \\ "quoted"'


@pytest.fixture(scope="session")
def hostile_name() -> str:
    """The company name the shared `hostile` fixture gives one visit (tests/conftest.py)."""
    return HOSTILE
