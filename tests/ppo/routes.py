from tests.routes import OFFICER_ONLY, OWN_PPO, PUBLIC, Route


def _channel(world):
    return {"pk": world.objects["channel"].pk}


ROUTES = [
    Route("ppo:organization_list", PUBLIC),
    Route("ppo:organization_detail", PUBLIC, lambda w: {"slug": w.org_a.slug}),
    Route("ppo:suggest", PUBLIC),
    Route("ppo:cabinet", OFFICER_ONLY),
    Route(
        "ppo:first_steps_dismiss",
        {"anonymous": 302, "officer_a": 302, "officer_b": 302, "presidium": 403, "staff": 403},
        method="post",
    ),
    Route("ppo:channel_create", OFFICER_ONLY),
    Route("ppo:channel_detail", OWN_PPO, _channel),
    Route("ppo:channel_update", OWN_PPO, _channel),
    Route("ppo:channel_retire", OWN_PPO, _channel),
    Route("ppo:membership", OFFICER_ONLY),
]
