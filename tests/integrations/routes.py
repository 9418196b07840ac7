from tests.routes import STAFF_ONLY, Route


def _channel(world):
    return {"pk": world.objects["channel"].pk}


# The officer of the channel's PPO and staff refresh (and are sent back); another PPO's officer
# gets 404; the Presidium reads only. No token is set in the tests: the attempt fails, quietly.
REFRESH = {"anonymous": 302, "officer_a": 302, "officer_b": 404, "presidium": 403, "staff": 302}

ROUTES = [
    Route("integrations:channels", STAFF_ONLY),
    Route("integrations:union_pages", STAFF_ONLY),
    Route("integrations:channel_refresh", REFRESH, _channel, method="post"),
]
