"""The access matrix: every URL of the project with the answer each role must get.

Each app's table lives in ``tests/<app>/routes.py`` as ``ROUTES``; test_access walks every URL
pattern of the project and fails for a route that no table knows, so a new route cannot be added
without declaring who may see it.

Expectations: 200 (page), 302 (redirect: to the login for the anonymous), 403 (not their role),
404 (not theirs: another PPO's object).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PUBLIC = {"anonymous": 200, "officer_a": 200, "officer_b": 200, "presidium": 200, "staff": 200}
# An officer's own object: officer B asking for A's gets 404; non-officers are refused.
OWN_PPO = {"anonymous": 302, "officer_a": 200, "officer_b": 404, "presidium": 403, "staff": 403}
OFFICER_ONLY = {
    "anonymous": 302,
    "officer_a": 200,
    "officer_b": 200,
    "presidium": 403,
    "staff": 403,
}
STAFF_ONLY = {"anonymous": 302, "officer_a": 403, "officer_b": 403, "presidium": 403, "staff": 200}
PRESIDIUM_AND_STAFF = {
    "anonymous": 302,
    "officer_a": 403,
    "officer_b": 403,
    "presidium": 200,
    "staff": 200,
}
LOGGED_IN = {"anonymous": 302, "officer_a": 200, "officer_b": 200, "presidium": 200, "staff": 200}


@dataclass
class Route:
    name: str  # the URL name, with its namespace ("ppo:channel_detail")
    expect: dict[str, int]
    kwargs: Callable = field(default=lambda world: {})  # world -> URL kwargs
    query: str = ""
    # Routes that only answer POST are still declared; GET then must not leak data.
    method: str = "get"
