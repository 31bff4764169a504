"""The demo half-year: a realistic Movable KOTRA programme, built from a seed.

`make_demo(850, 1)` is the built-in demo, committed as ``data/demo-problem.json``
(regenerate it with ``python -m movable.demo``). Everything random comes from one
``random.Random(seed)``, so a seed always gives the same problem.

What it models:

* three 10-seat vans at KOTRA HQ, each with a few maintenance days;
* 12-16 consultants with 2-4 skills (functions and target markets) and some leave;
* visits to exporting manufacturers, spread over the provinces and industrial
  cities where they are (Gyeonggi, the Gyeongsang and Chungcheong provinces first),
  each a few km from its municipality's office point, kept on land;
* about 1.4 % of requests that can never be served: on Jeju or Ulleung (ferry
  only), needing a skill nobody has, dated on a weekend or holiday only, or with
  a 30-minute window for a longer visit.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from models import Consultant, Depot, Horizon, Policy, Problem, TimeWindow, Van, Visit
from models.io import dump_document
from routing.calendar import is_working_day, working_days
from routing.regions import Municipality, is_ferry_only, load_municipalities

DEMO_PATH = Path(__file__).resolve().parent.parent / "data" / "demo-problem.json"

HQ = Depot(id="HQ", name="KOTRA 본사 (Seoul HQ)", lat=37.4687, lon=127.0404)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FUNCTIONS = (
    "buyer_matching",
    "certification",
    "trade_finance",
    "logistics_customs",
    "online_marketing",
    "market_research",
    "ip_protection",
    "contract_law",
)
MARKETS = (
    "market:china",
    "market:usa",
    "market:eu",
    "market:japan",
    "market:southeast_asia",
    "market:middle_east",
    "market:latin_america",
)
# How often a consultant holds / a company asks for each skill (relative).
FUNCTION_WEIGHTS = (10, 6, 5, 5, 6, 7, 3, 3)
MARKET_WEIGHTS = (10, 9, 8, 6, 8, 4, 1)
RARE_MARKET = "market:latin_america"
# Skills no consultant holds: the demo's NO_SKILLED_TEAM requests ask for them.
UNHELD_SKILLS = ("market:africa", "market:central_asia", "market:oceania")

# Share of visits per province (relative). Exporting manufacturers cluster in
# Gyeonggi, the Gyeongsang and Chungcheong provinces; Seoul itself has few.
PROVINCE_SHARE: dict[str, float] = {
    "경기도": 30, "경상남도": 11, "경상북도": 9, "충청남도": 8, "충청북도": 6,
    "인천광역시": 5, "부산광역시": 4.5, "대구광역시": 4, "울산광역시": 3, "광주광역시": 2.5,
    "대전광역시": 2.5, "전북특별자치도": 3, "세종특별자치시": 1,
    "강원특별자치도": 2, "전라남도": 2.5, "서울특별시": 1,
}  # fmt: skip

# Weight of a municipality inside its province: industrial cities weigh more.
# Unlisted rows weigh 1 (0.4 for a gun, 0.3 in Seoul); ferry-only rows 0.
MUNICIPALITY_WEIGHTS: dict[str, str] = {
    "경기도": "화성시 10, 평택시 6, 상록구 2, 단원구 6, 시흥시 6, 김포시 4, 파주시 3.5, 이천시 3, 안성시 3, "
    "처인구 3, 기흥구 3, 수지구 1, 영통구 3, 권선구 1.5, 장안구 0.7, 팔달구 0.5, 분당구 3, 중원구 1.5, "
    "수정구 0.7, 원미구 1, 소사구 1, 오정구 1.5, 광주시 2.5, 포천시 2.5, 양주시 2, 오산시 1.5, 군포시 1.5, "
    "만안구 1, 동안구 1.5, 남양주시 1.5, 덕양구 1, 일산동구 0.7, 일산서구 0.7, 의왕시 1, 하남시 0.8, "
    "광명시 0.8, 의정부시 0.8, 구리시 0.6, 과천시 0.3, 동두천시 0.5, 여주시 1.2, 양평군 0.4, 가평군 0.2, "
    "연천군 0.4",
    "경상남도": "성산구 6, 의창구 3, 마산회원구 1.5, 마산합포구 1, 진해구 2, 김해시 7, 양산시 4, 진주시 2.5, "
    "사천시 2, 거제시 1.5, 통영시 1, 밀양시 1.5, 함안군 2, 창녕군 1, 고성군 0.6, 의령군 0.3, 남해군 0.2, "
    "하동군 0.3, 산청군 0.4, 함양군 0.4, 거창군 0.6, 합천군 0.3",
    "경상북도": "구미시 8, 남구 4, 북구 1.5, 경산시 3.5, 경주시 3, 칠곡군 2.5, 영천시 2, 김천시 2, 안동시 1.2, "
    "상주시 0.8, 문경시 0.6, 영주시 0.8, 고령군 1, 성주군 0.8, 청도군 0.4, 의성군 0.4, 예천군 0.4, "
    "봉화군 0.2, 청송군 0.2, 영양군 0.1, 영덕군 0.2, 울진군 0.3",
    "충청남도": "서북구 5, 동남구 2.5, 아산시 6, 당진시 3, 서산시 2.5, 공주시 1, 논산시 1.2, 예산군 1, "
    "홍성군 0.8, 보령시 0.7, 계룡시 0.3, 금산군 0.8, 부여군 0.5, 서천군 0.4, 청양군 0.3, 태안군 0.3",
    "충청북도": "흥덕구 5, 청원구 3, 서원구 1, 상당구 1, 충주시 2.5, 진천군 2.5, 음성군 2.5, 제천시 1.2, "
    "증평군 1, 괴산군 0.6, 옥천군 0.8, 영동군 0.4, 보은군 0.4, 단양군 0.2",
    "인천광역시": "남동구 5, 서구 3, 부평구 2, 연수구 2, 계양구 1, 미추홀구 1, 중구 1, 동구 0.5, 강화군 0.3",
    "부산광역시": "강서구 5, 사상구 3, 사하구 2, 기장군 2, 해운대구 1.5, 금정구 1, 부산진구 1, 북구 0.8, "
    "연제구 0.5, 동래구 0.5, 남구 0.5, 수영구 0.3, 영도구 0.5, 중구 0.3, 서구 0.3, 동구 0.3",
    "대구광역시": "달서구 4, 달성군 4, 북구 2.5, 서구 1.5, 동구 1.5, 수성구 0.8, 남구 0.4, 중구 0.3, 군위군 0.3",
    "울산광역시": "울주군 3, 북구 3, 남구 3, 동구 1.5, 중구 0.5",
    "광주광역시": "광산구 4, 북구 2, 서구 1, 남구 0.5, 동구 0.3",
    "대전광역시": "유성구 4, 대덕구 3, 서구 1, 중구 0.5, 동구 0.5",
    "전북특별자치도": "완주군 3, 군산시 3, 익산시 3, 덕진구 2, 완산구 1, 김제시 1.5, 정읍시 1, 남원시 0.6, "
    "고창군 0.5, 부안군 0.4, 임실군 0.3, 순창군 0.4, 진안군 0.2, 무주군 0.2, 장수군 0.2",
    "전라남도": "광양시 3, 여수시 3, 나주시 2, 순천시 2, 영암군 2, 목포시 1.2, 무안군 0.8, 담양군 0.8, "
    "화순군 0.8, 장성군 0.8, 영광군 0.5, 해남군 0.4, 함평군 0.4, 보성군 0.3, 고흥군 0.3, 강진군 0.3, "
    "장흥군 0.3, 곡성군 0.3, 구례군 0.2, 완도군 0.3, 진도군 0.2, 신안군 0.2",
    "강원특별자치도": "원주시 4, 춘천시 2.5, 강릉시 2, 횡성군 1, 동해시 1, 홍천군 0.8, 삼척시 0.5, 속초시 0.4, "
    "철원군 0.3, 평창군 0.3, 정선군 0.2, 영월군 0.3, 태백시 0.2, 화천군 0.2, 양구군 0.2, 인제군 0.2, "
    "고성군 0.1, 양양군 0.2",
    "서울특별시": "금천구 3, 구로구 3, 성동구 1.5, 강서구 1, 영등포구 1",
}

MAX_OFFSET_KM = 3.0
# Coastal and island offices: a smaller offset keeps the company on land
# (checked against the KOSTAT 2018 boundaries, see tests/movable/test_demo.py).
COASTAL_OFFSET_KM: dict[str, float] = {
    "26110": 0.4, "26140": 0.25, "26170": 0.5, "26200": 0.25, "26290": 1.2, "26350": 0.25, "26380": 1.2,
    "26500": 0.1, "26710": 1.5, "28110": 0.4, "28140": 1.2, "28177": 1.5, "28185": 2.0, "28710": 2.0,
    "28720": 0.4, "31170": 0.8, "41271": 2.0, "41273": 1.5, "41390": 2.0, "51170": 0.5, "51210": 0.1,
    "51230": 1.2, "51820": 1.5, "44825": 2.0, "52130": 1.5, "46110": 1.2, "46130": 0.25, "46230": 0.8,
    "46890": 0.25, "46910": 0.4, "47113": 0.8, "47930": 0.8, "47940": 0.25, "48125": 0.25, "48127": 0.8,
    "48129": 0.8, "48220": 0.8, "48240": 1.2, "48310": 0.8, "48820": 1.2, "48840": 1.5, "50110": 1.5,
    "50130": 0.8,
}  # fmt: skip
ISLAND_PLACES = ("제주시", "울릉군", "서귀포시")
KM_PER_DEGREE = 111.2

IMPOSSIBLE_SHARE = 0.014
IMPOSSIBLE_KINDS = ("island", "unheld_skill", "no_working_day", "short_window")

# Family names about as often as in Korea (김, 이, 박 first); given names of people in their 30s to 50s.
FAMILY_NAMES = "김" * 21 + "이" * 15 + "박" * 8 + "최" * 5 + "정" * 5 + "강조윤장임한오서신권황안송류홍전고문양손배백허"
GIVEN_NAMES = _words(
    "민준 서연 지훈 수진 영호 정숙 상철 미경 현우 지영 성민 은정 동현 혜진 준호 유진 재원 소연 태호 민지 승현 "
    "지은 경수 선영 형준 보람 진우 하나 상우 나래 세영 도윤 예린 우성 윤희 광수 미란 종훈 수빈 재희 정민 "
    "혜원 기현 다은 성훈 지혜 병철 은영 준혁 소희"
)

COMPANY_STEMS = _words(
    "한빛 대성 세진 동양 삼화 유진 대한 신흥 성우 한솔 태광 우진 동진 미래 나라 해성 진성 영진 서광 화신 금강 "
    "세원 제일 일진 성진 대원 극동 광명 청우 보성 동아 영신 신화 한울 가온 누리 새한 대양 한결 성원 디엔 "
    "에이스 케이 엠텍 그린 블루 하이 코리아 글로벌 아진 경원 선진 정우 다온 로뎀 에코 아름 한마음"
)
COMPANY_TRADES = _words(
    "정밀 테크 바이오 메디칼 전자 화학 산업 기계 소재 푸드 식품 코스메틱 오토텍 이엔지 금속 플라스틱 섬유 "
    "로보틱스 에너지 솔루션 시스템 반도체 광학 케미칼 하이텍 인더스트리 디스플레이 농산 제약 모빌리티 "
    "팜 텍스타일 엔지니어링 메탈 컴퍼니"
)
PLACE_STEMS = _words(
    "신평 장림 송정 대천 유천 신촌 봉산 월평 석교 삼산 덕산 구암 용정 대흥 신리 도림 금곡 상리 평리 송림 청룡 "
    "오류 매곡 남산 원당 화정 내곡 율하 성곡 신기 상대 연산 초평 동림 고잔 목감 반월 진위 향남 팔탄 양감 "
    "봉담 마도 우정 장안 송산 정남 주촌 진례 한림 상동 생림 웅상 산막 선산 고아 산동 옥계 공단 신당 "
    "풍세 성거 직산 입장 탕정 배방 음봉 둔포 송악 합덕 오송 옥산 내수 오창 문백 이월 대소 맹동"
)

STANDARD_WINDOWS = (TimeWindow(start=9 * 60, end=12 * 60), TimeWindow(start=13 * 60, end=18 * 60))
MORNING_WINDOW = (TimeWindow(start=9 * 60, end=12 * 60),)
SHORT_DAY_WINDOW = (TimeWindow(start=10 * 60, end=17 * 60),)


def make_demo(
    visits: int = 850,
    seed: int = 1,
    start: date = date(2027, 1, 4),
    end: date = date(2027, 6, 30),
    vans: int = 3,
    consultants: int | None = None,
) -> Problem:
    """A realistic Movable KOTRA programme for start..end with `visits` requests; the same seed gives the same.

    `vans` and `consultants` scale the fleet for a national roll-out (default: 3 vans, 12-16 people).
    """
    rng = random.Random(seed)
    horizon = _horizon(rng, start, end)
    days = working_days(horizon)
    people = _consultants(rng, days, consultants)
    return Problem(
        name=f"{start.year}-H{1 if start.month <= 6 else 2} Movable KOTRA demo (seed {seed})",
        horizon=horizon,
        depot=HQ,
        policy=Policy(),
        vans=_vans(rng, days, vans),
        consultants=people,
        visits=_visits(rng, visits, horizon, days, people),
    )


def write_demo(path: Path = DEMO_PATH) -> None:
    """Write the built-in demo, `make_demo(850, 1)`, as UTF-8 JSON with Hangul unescaped."""
    path.write_text(dump_document(make_demo(850, 1)), encoding="utf-8")


# --- calendar, vans and consultants ---------------------------------------------


def _horizon(rng: random.Random, start: date, end: date) -> Horizon:
    """The KR calendar, plus one agency-wide closed day (KOTRA's anniversary, 21 June, or a workshop day)."""
    plain = Horizon(start=start, end=end, holidays="KR")
    days = working_days(plain)
    anniversaries = [date(year, 6, 21) for year in range(start.year, end.year + 1)]
    closed = [d for d in anniversaries if d in days][:1]
    if not closed and days:
        closed = [days[rng.randrange(len(days))]]
    return plain.model_copy(update={"closed_dates": tuple(closed)})


def _spread_days(rng: random.Random, days: Sequence[date], count: int) -> tuple[date, ...]:
    """`count` days, one drawn from each of `count` equal stretches of `days`."""
    if not days:
        return ()
    picked = set()
    for k in range(count):
        lo, hi = len(days) * k // count, max(len(days) * (k + 1) // count, len(days) * k // count + 1)
        picked.add(days[rng.randrange(lo, hi)])
    return tuple(sorted(picked))


def _vans(rng: random.Random, days: Sequence[date], count: int) -> tuple[Van, ...]:
    """10-seat Hyundai Starex vans, each in maintenance 2-4 working days over the horizon."""
    return tuple(
        Van(id=f"VAN-{k}", seats=10, unavailable_dates=_spread_days(rng, days, rng.randint(2, 4)))
        for k in range(1, count + 1)
    )


def _consultants(rng: random.Random, days: Sequence[date], wanted: int | None) -> tuple[Consultant, ...]:
    drawn = rng.randint(12, 16)  # drawn even when `wanted` is given, so the rest of the demo stays the same
    count = wanted or drawn
    names = _person_names(rng, count)
    skills = _skill_sets(rng, count)
    return tuple(
        Consultant(
            id=f"C{k + 1:02d}",
            name=names[k],
            skills=tuple(skills[k]),
            unavailable_dates=_leave(rng, days),
            max_visits_per_day=rng.choice((3, 3, 4)),
        )
        for k in range(count)
    )


def _person_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(FAMILY_NAMES) + rng.choice(GIVEN_NAMES)
        if name not in names:
            names.append(name)
    return names


def _skill_sets(rng: random.Random, count: int) -> list[list[str]]:
    """1-3 functions and 1-2 markets each (2-4 in all); every function and common market held twice."""
    sets = []
    for _ in range(count):
        functions = _weighted_sample(rng, FUNCTIONS, FUNCTION_WEIGHTS, rng.choice((1, 2, 2, 3)))
        markets = _weighted_sample(rng, MARKETS, MARKET_WEIGHTS, rng.choice((1, 1, 2)))
        sets.append((functions + markets)[:4])
    for skill in (s for s in FUNCTIONS + MARKETS if s != RARE_MARKET):
        while sum(skill in held for held in sets) < 2:
            _give_skill(rng, sets, skill)
    return sets


def _give_skill(rng: random.Random, sets: list[list[str]], skill: str) -> None:
    """Add `skill` to a consultant with room, or swap it for a skill held by three or more."""
    lacking = [held for held in sets if skill not in held]
    with_room = [held for held in lacking if len(held) < 4]
    if with_room:
        rng.choice(with_room).append(skill)
        return
    held = rng.choice(lacking)
    spare = [s for s in held if sum(s in other for other in sets) >= 3]
    held[held.index(rng.choice(spare))] = skill


def _leave(rng: random.Random, days: Sequence[date]) -> tuple[date, ...]:
    """A week off (45 %), a few scattered days (40 %) or none."""
    roll = rng.random()
    if roll < 0.45 and days:
        first = days[rng.randrange(len(days))]
        monday = first - timedelta(days=first.weekday())
        return tuple(monday + timedelta(days=k) for k in range(5))
    if roll < 0.85:
        return tuple(sorted(set(rng.sample(days, min(len(days), rng.randint(2, 5))))))
    return ()


def _weighted_sample(rng: random.Random, items: Sequence[str], weights: Sequence[float], count: int) -> list[str]:
    """`count` distinct items drawn by weight, in draw order."""
    pool, pool_weights, chosen = list(items), list(weights), []
    for _ in range(min(count, len(pool))):
        k = rng.choices(range(len(pool)), weights=pool_weights)[0]
        chosen.append(pool.pop(k))
        pool_weights.pop(k)
    return chosen


# --- places -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    municipality: Municipality
    weight: float
    region: str
    city_part: str


@cache
def _places() -> dict[str, tuple[_Place, ...]]:
    """Weighted municipalities per province (ferry-only ones weigh 0 and are left out)."""
    places: dict[str, list[_Place]] = {}
    listed = {province: _parse_weights(text) for province, text in MUNICIPALITY_WEIGHTS.items()}
    for m in load_municipalities():
        weight = listed.get(m.province_ko, {}).pop(m.name_ko, None)
        if weight is None:
            weight = 0.3 if m.province_ko == "서울특별시" else 0.4 if m.name_ko.endswith("군") else 1.0
        if weight > 0 and not is_ferry_only(m):
            places.setdefault(m.province_ko, []).append(_Place(m, weight, _region(m), _city_part(m)))
    unknown = {province: names for province, names in listed.items() if names}
    if unknown:
        raise ValueError(f"MUNICIPALITY_WEIGHTS names rows that are not in the table: {unknown}")
    return {province: tuple(rows) for province, rows in places.items()}


def _parse_weights(text: str) -> dict[str, float]:
    pairs = (item.split() for item in text.split(","))
    return {name: float(weight) for name, weight in pairs}


def _metro_short(province_ko: str) -> str:
    return province_ko.removesuffix("특별시").removesuffix("광역시")


def _is_metro(m: Municipality) -> bool:
    return m.province_ko.endswith(("특별시", "광역시"))


def _region(m: Municipality) -> str:
    """The municipality as people name it, unambiguous on its own: 김해시, 창원시 성산구, 부산 강서구."""
    if m.parent_city_ko:
        return f"{m.parent_city_ko} {m.name_ko}"
    if _is_metro(m):
        return f"{_metro_short(m.province_ko)} {m.name_ko}"
    if m.name_ko == "고성군":  # one in Gangwon, one in Gyeongnam
        return f"{'강원' if m.province_ko.startswith('강원') else '경남'} {m.name_ko}"
    return m.name_ko


def _city_part(m: Municipality) -> str:
    """What follows the province in an address: 창원시 성산구, 강서구, 김해시; nothing for Sejong."""
    if m.parent_city_ko:
        return f"{m.parent_city_ko} {m.name_ko}"
    return "" if m.name_ko == m.province_ko else m.name_ko


def _island_place(name_ko: str) -> _Place:
    m = next(m for m in load_municipalities() if m.name_ko == name_ko and is_ferry_only(m))
    return _Place(m, 0.0, m.name_ko, m.name_ko)


def _province_quota(count: int) -> list[str]:
    """`count` provinces in proportion to PROVINCE_SHARE (largest remainders), in table order."""
    total = sum(PROVINCE_SHARE.values())
    exact = {p: count * share / total for p, share in PROVINCE_SHARE.items()}
    quota = {p: math.floor(x) for p, x in exact.items()}
    by_remainder = sorted(exact, key=lambda p: quota[p] - exact[p])
    for p in by_remainder[: count - sum(quota.values())]:
        quota[p] += 1
    return [p for p, n in quota.items() for _ in range(n)]


def _pick_place(rng: random.Random, province: str) -> _Place:
    rows = _places()[province]
    return rng.choices(rows, weights=[p.weight for p in rows])[0]


def _near(rng: random.Random, m: Municipality) -> tuple[float, float]:
    """A point uniformly in a small disc around the office point (smaller on the coast)."""
    radius = COASTAL_OFFSET_KM.get(m.code, MAX_OFFSET_KM) * math.sqrt(rng.random())
    angle = 2 * math.pi * rng.random()
    dlat = radius * math.cos(angle) / KM_PER_DEGREE
    dlon = radius * math.sin(angle) / (KM_PER_DEGREE * math.cos(math.radians(m.lat)))
    return round(m.lat + dlat, 4), round(m.lon + dlon, 4)


def _address(rng: random.Random, place: _Place) -> str:
    """Province, city (and gu), a 동/읍/면 and a road address, e.g. 경상남도 김해시 주촌면 선천로 80."""
    m = place.municipality
    if m.name_ko.endswith("군"):
        locality = rng.choice(PLACE_STEMS) + rng.choice("읍면면")
    elif m.name_ko.endswith("시") and not _is_metro(m):
        locality = rng.choice(PLACE_STEMS) + rng.choice("동동읍면")
    else:
        locality = rng.choice(PLACE_STEMS) + "동"
    number = rng.randint(1, 350)
    road = rng.choice(
        (
            f"{rng.choice(PLACE_STEMS)}로 {number}",
            f"{rng.choice(PLACE_STEMS)}로{rng.randint(1, 9) * 10}번길 {number % 60 + 1}",
            f"산단{rng.randint(1, 9)}로 {number}",
            f"{rng.choice(PLACE_STEMS)}산업로 {number}",
        )
    )
    return " ".join(part for part in (m.province_ko, place.city_part, locality, road) if part)


def _town(m: Municipality) -> str:
    """The town a local company is named after: 김해 for 김해시, 창원 for 성산구, 부산 for 부산 강서구."""
    if _is_metro(m) or m.name_ko == m.province_ko:
        return _metro_short(m.province_ko).removesuffix("특별자치시")
    town = m.parent_city_ko or m.name_ko
    return town[:-1] if len(town) >= 3 else town


def _company(rng: random.Random, place: _Place, taken: set[str]) -> str:
    """A new company name like (주)한빛정밀, 대성테크(주), 세진바이오 or 김해메탈(주)."""
    while True:
        stem = rng.choice(COMPANY_STEMS)
        if rng.random() < 0.12:
            stem = _town(place.municipality)
        body = stem + rng.choice(COMPANY_TRADES)
        form = rng.random()
        name = f"(주){body}" if form < 0.5 else f"{body}(주)" if form < 0.8 else body
        if name not in taken and len(stem) >= 2:
            taken.add(name)
            return name


# --- visits -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    horizon: Horizon
    days: tuple[date, ...]
    consultants: tuple[Consultant, ...]
    held_functions: tuple[str, ...]
    held_markets: tuple[str, ...]


def _visits(
    rng: random.Random, count: int, horizon: Horizon, days: tuple[date, ...], consultants: tuple[Consultant, ...]
) -> tuple[Visit, ...]:
    held = {s for c in consultants for s in c.skills}
    context = _Context(
        horizon=horizon,
        days=days,
        consultants=consultants,
        held_functions=tuple(s for s in FUNCTIONS if s in held),
        held_markets=tuple(s for s in MARKETS if s in held),
    )
    kinds = _visit_kinds(rng, count)
    provinces = _province_quota(count - sum(kind == "island" for kind in kinds))
    rng.shuffle(provinces)
    taken: set[str] = set()
    visits, planted = [], 0
    for k, kind in enumerate(kinds):
        if kind == "island":
            place = _island_place(ISLAND_PLACES[planted % len(ISLAND_PLACES)])
        else:
            place = _pick_place(rng, provinces.pop())
        visit = _ordinary_visit(rng, f"V{k + 1:04d}", place, context, taken)
        if kind != "ordinary":
            visit = _make_impossible(rng, visit, kind, planted, context)
            planted += 1
        visits.append(visit)
    return tuple(visits)


def _visit_kinds(rng: random.Random, count: int) -> list[str]:
    """'ordinary' for most; about 1.4 % impossible, cycling through IMPOSSIBLE_KINDS, at seeded places."""
    impossible = max(1, round(count * IMPOSSIBLE_SHARE)) if count else 0
    kinds = ["ordinary"] * count
    for n, k in enumerate(sorted(rng.sample(range(count), impossible))):
        kinds[k] = IMPOSSIBLE_KINDS[n % len(IMPOSSIBLE_KINDS)]
    return kinds


def _ordinary_visit(rng: random.Random, visit_id: str, place: _Place, context: _Context, taken: set[str]) -> Visit:
    lat, lon = _near(rng, place.municipality)
    skills = _visit_skills(rng, context)
    windows = _windows(rng)
    earliest, latest = _date_range(rng, context.horizon)
    return Visit(
        id=visit_id,
        company=_company(rng, place, taken),
        address=_address(rng, place),
        region=place.region,
        lat=lat,
        lon=lon,
        duration_minutes=_duration(rng, windows),
        skills=skills,
        team_size=2 if rng.random() < 0.12 else 1,
        earliest_date=earliest,
        latest_date=latest,
        time_windows=windows,
        priority=rng.choices((1, 2, 3, 4, 5), weights=(70, 15, 9, 4, 2))[0],
        preferred_consultants=_preferred(rng, skills, context.consultants),
    )


def _visit_skills(rng: random.Random, context: _Context) -> tuple[str, ...]:
    """One function, sometimes a second; a target market for almost half. Only skills someone holds."""
    function_weights = [FUNCTION_WEIGHTS[FUNCTIONS.index(s)] for s in context.held_functions]
    market_weights = [MARKET_WEIGHTS[MARKETS.index(s)] for s in context.held_markets]
    skills = _weighted_sample(rng, context.held_functions, function_weights, 2 if rng.random() < 0.1 else 1)
    if rng.random() < 0.45:
        skills += _weighted_sample(rng, context.held_markets, market_weights, 1)
    return tuple(skills)


def _windows(rng: random.Random) -> tuple[TimeWindow, ...]:
    """Mostly 09-12 and 13-18; some companies only in the morning, some 10-17."""
    roll = rng.random()
    if roll < 0.75:
        return STANDARD_WINDOWS
    return MORNING_WINDOW if roll < 0.87 else SHORT_DAY_WINDOW


def _duration(rng: random.Random, windows: tuple[TimeWindow, ...]) -> int:
    """60-180 minutes, mostly 90 or 120; always fits the longest window."""
    longest = max(w.end - w.start for w in windows)
    options = [d for d in (60, 90, 120, 150, 180) if d <= longest]
    weights = [(10, 40, 35, 8, 7)[(d - 60) // 30] for d in options]
    return rng.choices(options, weights=weights)[0]


def _date_range(rng: random.Random, horizon: Horizon) -> tuple[date, date]:
    """2 to 8 weeks inside the horizon, from a weekday to a weekday (shorter only if the horizon is)."""
    span = (horizon.end - horizon.start).days + 1
    weeks = rng.choices((2, 3, 4, 6, 8), weights=(20, 20, 30, 18, 12))[0]
    length = min(span, 7 * weeks)
    earliest = horizon.start + timedelta(days=rng.randrange(span - length + 1))
    latest = earliest + timedelta(days=length - 1)
    while earliest.weekday() >= 5 and earliest < latest:
        earliest += timedelta(days=1)
    while latest.weekday() >= 5 and latest > earliest:
        latest -= timedelta(days=1)
    return earliest, latest


def _preferred(rng: random.Random, skills: Sequence[str], consultants: Sequence[Consultant]) -> tuple[str, ...]:
    """For about 15 %, the consultant who mentored the company before (one holding all its skills)."""
    if rng.random() >= 0.2:
        return ()
    able = [c.id for c in consultants if set(skills) <= set(c.skills)]
    return (rng.choice(able),) if able else ()


def _make_impossible(rng: random.Random, visit: Visit, kind: str, planted: int, context: _Context) -> Visit:
    """Turn an ordinary request into one no plan can serve, for exactly the reason `kind` names."""
    if kind == "island":
        return visit  # placed on Jeju or Ulleung already: ferry only
    if kind == "unheld_skill":
        skills = (visit.skills[0], UNHELD_SKILLS[planted % len(UNHELD_SKILLS)])
        return visit.model_copy(update={"skills": skills, "preferred_consultants": ()})
    if kind == "no_working_day":
        earliest, latest = _non_working_run(rng, context.horizon, longest=planted < len(IMPOSSIBLE_KINDS))
        return visit.model_copy(update={"earliest_date": earliest, "latest_date": latest})
    start = rng.randint(9, 16) * 60
    window = (TimeWindow(start=start, end=start + 30),)
    return visit.model_copy(update={"time_windows": window, "duration_minutes": rng.choice((90, 120))})


def _non_working_run(rng: random.Random, horizon: Horizon, longest: bool) -> tuple[date, date]:
    """A stretch of consecutive non-working days: the longest (a holiday) or a random one (a weekend)."""
    runs: list[list[date]] = []
    day = horizon.start
    while day <= horizon.end:
        if not is_working_day(day, horizon):
            if runs and runs[-1][-1] == day - timedelta(days=1):
                runs[-1].append(day)
            else:
                runs.append([day])
        day += timedelta(days=1)
    if not runs:  # no weekend inside: the day after the horizon has no working day either
        return horizon.end + timedelta(days=1), horizon.end + timedelta(days=1)
    run = max(runs, key=len) if longest else rng.choice(runs)
    return run[0], run[-1]


if __name__ == "__main__":
    write_demo()
