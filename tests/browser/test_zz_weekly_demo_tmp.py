import random
import pytest
from wumei.demo import data
from wumei.demo.builder import load_demo
from wumei.weekly import demo
from django.utils import timezone

pytestmark = pytest.mark.browser


def login(page, username):
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(data.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/projects/")


def test_demo_screens(open_page, shoot, db):
    today = timezone.localdate()
    county = load_demo(seed=1, today=today).county
    demo.seed(county, today, random.Random(1))
    from wumei.org.models import Chain
    chain = Chain.objects.get(region=county, name="有色金属精深加工产业链")
    page = open_page("phone")
    login(page, "lead_leader")
    page.goto("/weekly/")
    shoot(page, "demo-leader-home-phone")
    page = open_page("desktop")
    login(page, "hq_office")
    for path, name in [("/weekly/", "demo-hq-home"), ("/weekly/coverage/", "demo-coverage"),
                       ("/weekly/coverage/weeks/", "demo-weeks"), (f"/weekly/chains/{chain.pk}/", "demo-chain"),
                       ("/weekly/leads/", "demo-leads"), ("/weekly/visits/", "demo-visits")]:
        page.goto(path)
        shoot(page, name)
    page.goto(f"/weekly/chains/{chain.pk}/map/")
    page.wait_for_selector("#chain-map[data-rendered=true]")
    page.wait_for_timeout(2500)
    shoot(page, "demo-map")
    page = open_page("phone")
    login(page, "hq_office")
    page.goto("/weekly/coverage/weeks/")
    shoot(page, "demo-weeks-phone")
    page.goto(f"/weekly/chains/{chain.pk}/map/")
    page.wait_for_selector("#chain-map[data-rendered=true]")
    page.wait_for_timeout(2500)
    shoot(page, "demo-map-phone")
