"""Korean labels (with English alongside) for the codes the plan and problem use, and number formats."""

from datetime import date
from functools import cache

from routing.regions import load_municipalities

# Skill codes -> (Korean, English). Codes not listed are shown as written.
SKILLS: dict[str, tuple[str, str]] = {
    "buyer_matching": ("바이어 매칭", "buyer matching"),
    "certification": ("인증", "certification"),
    "trade_finance": ("무역금융", "trade finance"),
    "logistics_customs": ("물류·통관", "logistics & customs"),
    "online_marketing": ("온라인 마케팅", "online marketing"),
    "market_research": ("시장조사", "market research"),
    "ip_protection": ("지식재산 보호", "IP protection"),
    "contract_law": ("계약·법률", "contract law"),
}

# The part after "market:" -> (Korean, English).
MARKETS: dict[str, tuple[str, str]] = {
    "china": ("중국", "China"),
    "japan": ("일본", "Japan"),
    "usa": ("미국", "USA"),
    "eu": ("유럽연합", "EU"),
    "middle_east": ("중동", "Middle East"),
    "southeast_asia": ("동남아시아", "Southeast Asia"),
    "central_asia": ("중앙아시아", "Central Asia"),
    "africa": ("아프리카", "Africa"),
    "oceania": ("오세아니아", "Oceania"),
    "latin_america": ("중남미", "Latin America"),
    "india": ("인도", "India"),
    "russia": ("러시아", "Russia"),
}

REASONS: dict[str, tuple[str, str]] = {
    "NO_WORKING_DAY": ("근무일 없음", "no working day in the date range"),
    "WINDOW_TOO_SHORT": ("방문 가능 시간 부족", "time windows too short"),
    "NO_SKILLED_TEAM": ("필요 역량 팀 없음", "no team holds the skills"),
    "NO_TEAM_AVAILABLE": ("가용 팀·차량 없음", "no team or van available"),
    "UNREACHABLE": ("차량 접근 불가", "unreachable by road"),
    "CAPACITY": ("일정 여유 없음", "no room in this plan"),
}

ENDPOINTS: dict[str, str] = {"depot": "본사 (depot)", "lodging": "숙박 (lodging)"}
WEEKDAYS = ("월 Mon", "화 Tue", "수 Wed", "목 Thu", "금 Fri", "토 Sat", "일 Sun")
VAN_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def skill_ko(code: str) -> str:
    """Korean only, for tight places (map popups, table cells)."""
    if code.startswith("market:"):
        market = MARKETS.get(code.removeprefix("market:"))
        return f"{market[0]} 시장" if market else code
    return SKILLS.get(code, (code, code))[0]


def skill_label(code: str) -> str:
    """'바이어 매칭 (buyer matching)', '중국 시장 (China market)'; unknown codes as written."""
    if code.startswith("market:"):
        market = MARKETS.get(code.removeprefix("market:"))
        return f"{market[0]} 시장 ({market[1]} market)" if market else code
    ko, en = SKILLS.get(code, (code, code))
    return code if ko == code else f"{ko} ({en})"


def skills_text(codes: tuple[str, ...] | list[str]) -> str:
    return ", ".join(skill_label(c) for c in codes)


def reason_label(code: str) -> str:
    ko, en = REASONS.get(code, (code, code))
    return f"{ko} ({en})"


@cache
def _province_names() -> dict[str, str]:
    return {m.province_ko: m.province_en for m in load_municipalities()}


def province_label(province_ko: str) -> str:
    """'경기도 (Gyeonggi-do)'; a name the region table lacks is shown as given."""
    english = _province_names().get(province_ko)
    return f"{province_ko} ({english})" if english else province_ko


def weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def day_label(day: date) -> str:
    """'2027-03-02 (화 Tue)'."""
    return f"{day.isoformat()} ({weekday(day)})"


def won(amount: float) -> str:
    return f"₩{round(amount):,}"


def km(value: float) -> str:
    return f"{value:,.1f} km"


def percent(share: float) -> str:
    return f"{share:.0%}"


def van_colour(index: int) -> str:
    return VAN_COLOURS[index % len(VAN_COLOURS)]
