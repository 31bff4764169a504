"""Labels: every skill code of the demo and example in Korean with English, provinces with romanization."""

import json
from pathlib import Path

from views.labels import province_label, skill_ko, skill_label

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo-problem.json"


def test_every_demo_skill_has_a_korean_label() -> None:
    """No skill code of the demo problem is shown raw."""
    problem = json.loads(DEMO.read_text(encoding="utf-8"))
    codes = {s for v in problem["visits"] for s in v["skills"]} | {
        s for c in problem["consultants"] for s in c["skills"]
    }
    for code in codes:
        assert skill_label(code) != code and skill_ko(code) != code, code


def test_examples_from_the_brief() -> None:
    """The agreed wordings."""
    assert skill_label("buyer_matching") == "바이어 매칭 (buyer matching)"
    assert skill_ko("logistics_customs") == "물류·통관"
    assert skill_label("market:china") == "중국 시장 (China market)"
    assert skill_label("market:mars") == "market:mars"
    assert province_label("경기도") == "경기도 (Gyeonggi-do)"
    assert province_label("어딘가") == "어딘가"
