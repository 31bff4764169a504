"""Who may call what: ONE table from route name to rule, enforced by one dependency on every route.

A route missing from the table is refused (and a test fails for it), so a new route cannot
quietly be open. Keys come as `Authorization: Bearer KEY`; pages also take `?key=KEY` and the
cookie set when they did (so a page's map frame and links keep working).
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.db import Database
from api.keys import Principal, verify_key
from api.throttle import KeyThrottle

KEY_COOKIE = "movable_key"
CHALLENGE = {"WWW-Authenticate": "Bearer"}


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str] = frozenset()
    public: bool = False  # no key needed: framework docs and open-source map scripts, no data
    own_consultant: bool = False  # a consultant key opens it for its own consultant id only


PUBLIC = Rule(public=True)
COORDINATOR = Rule(frozenset({"coordinator"}))
STAFF = Rule(frozenset({"coordinator", "planner"}))  # planners read everything
OWN_DAY = Rule(frozenset({"coordinator", "planner"}), own_consultant=True)

RULES: dict[str, Rule] = {
    # FastAPI's own documentation routes
    "openapi": PUBLIC,
    "swagger_ui_html": PUBLIC,
    "swagger_ui_redirect": PUBLIC,
    "redoc_html": PUBLIC,
    # API: scenarios
    "create_scenario": COORDINATOR,
    "import_scenario": COORDINATOR,
    "list_scenarios": STAFF,
    "get_scenario": STAFF,
    "solve_scenario": COORDINATOR,
    "whatif_scenario": STAFF,  # planners run what-ifs
    # API: jobs and plans
    "list_jobs": STAFF,
    "get_job": STAFF,
    "cancel_job": STAFF,  # a planner may cancel what-if jobs only (the handler checks the kind)
    "get_plan": STAFF,
    "diff_plans": STAFF,
    "publish_plan": COORDINATOR,
    "replan_plan": COORDINATOR,
    # pages
    "home": STAFF,
    "consultant_day": OWN_DAY,
    "consultant_day_map": OWN_DAY,
    "consultant_calendar": OWN_DAY,
    "plan_page": STAFF,
    "plan_map": STAFF,
    "plan_provinces_map": STAFF,
    "van_day_page": STAFF,
    "whatif_page": STAFF,
    "import_form": COORDINATOR,
    "import_submit": COORDINATOR,
    "export_xlsx": STAFF,
    "export_csv": STAFF,
    "export_geojson": STAFF,
    "vendor_asset": PUBLIC,
}

_bearer = HTTPBearer(auto_error=False, description="An API key from `movable keys create`")


def presented_key(request: Request, bearer: HTTPAuthorizationCredentials | None) -> str | None:
    if bearer is not None:
        return bearer.credentials
    if request.url.path.startswith("/api/"):
        return None  # the API takes the header only: no keys in URLs or cookies there
    return request.query_params.get("key") or request.cookies.get(KEY_COOKIE)


async def authorize(
    request: Request, bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]
) -> Principal | None:
    """The app-wide dependency: 401 without a valid key, 403 when the table does not allow the key's role."""
    route = request.scope.get("route")
    rule = RULES.get(getattr(route, "name", ""), Rule())  # unknown route: nobody
    if rule.public:
        return None
    key = presented_key(request, bearer)
    principal = verify_key_throttled(request, key) if key else None
    if principal is None:
        raise HTTPException(401, ["a valid API key is needed (Authorization: Bearer KEY)"], CHALLENGE)
    if not allowed(rule, principal, request.path_params.get("consultant_id")):
        raise HTTPException(403, [f"a {principal.role} key may not use this"])
    request.state.principal = principal
    return principal


def verify_key_throttled(request: Request, key: str) -> Principal | None:
    """verify_key, refused with 429 for an address that sent too many bad keys lately (see api.throttle)."""
    throttle: KeyThrottle = request.app.state.throttle
    address = request.client.host if request.client else "unknown"
    wait = throttle.retry_after(address)
    if wait:
        message = f"too many invalid API keys from this address; try again in {wait} s (잠시 후 다시 시도하세요)"
        raise HTTPException(429, [message], {"Retry-After": str(wait)})
    db: Database = request.app.state.db
    with db.readers() as session:  # one short read by primary key, on the event loop; never a write lock
        principal = verify_key(session, key)
    if principal is None:
        throttle.failed(address)
    return principal


def allowed(rule: Rule, principal: Principal, consultant_id: str | None) -> bool:
    if principal.role in rule.roles:
        return True
    own = principal.role == "consultant" and consultant_id is not None
    return rule.own_consultant and own and principal.consultant_id == consultant_id


def current_principal(request: Request) -> Principal:
    return request.state.principal  # set by authorize, which runs before every non-public route


PrincipalDep = Annotated[Principal, Depends(current_principal)]
