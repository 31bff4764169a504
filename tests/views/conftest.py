"""The view tests' hostile company name and an HTML element finder; the shared example is in tests/conftest.py."""

from html.parser import HTMLParser

import pytest

HOSTILE = '=HYPERLINK("http://x") <script>alert(\'x\')</script> & `tick` ${x} \\ "quoted"'


@pytest.fixture(scope="session")
def hostile_name() -> str:
    """The company name the shared `hostile` fixture gives one visit (tests/conftest.py)."""
    return HOSTILE


class _Collector(HTMLParser):
    """Start tags whose class list holds `css_class`, with their attributes and the text inside them."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class = css_class
        self.found: list[dict[str, str]] = []
        self._open: list[tuple[int, dict[str, str]]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self._depth += 1
        attributes = {k: v or "" for k, v in attrs}
        if self.css_class in attributes.get("class", "").split():
            attributes["text"] = ""
            self.found.append(attributes)
            self._open.append((self._depth, attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self._open and self._open[-1][0] == self._depth:
            self._open.pop()
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        for _, attributes in self._open:
            attributes["text"] += data


VOID = {"meta", "link", "br", "img", "input", "hr", "source", "col", "area", "base", "wbr"}


def elements(html: str, css_class: str) -> list[dict[str, str]]:
    """Elements with that class, in document order: their attributes, plus 'text' (unescaped)."""
    collector = _Collector(css_class)
    collector.feed(html)
    return collector.found
