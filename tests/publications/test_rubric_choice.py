import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_news_form_prompts_for_a_rubric_instead_of_dashes(client, world):
    client.force_login(world.officer_a)
    body = client.get(reverse("publications:create")).content.decode()
    select = re.search(r'<select name="category".*?</select>', body, re.S)[0]
    assert '<option value="" selected>Выберите рубрику</option>' in select
    assert "---------" not in select
    assert "Охрана труда" in select
