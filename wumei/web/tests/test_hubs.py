"""The 每月必商 and 每季必考 pages list the parts a role may open, and every listed part opens."""

import re

import pytest

pytestmark = pytest.mark.django_db


def titles(client, url: str) -> list[str]:
    page = client.get(url).content.decode()
    return re.findall(r'<h3 class="card-title mb-1">([^<]+)</h3>', page)


def links(client, url: str) -> list[str]:
    return re.findall(r'<a class="card card-link h-100" href="([^"]+)"', client.get(url).content.decode())


def test_the_hq_office_sees_every_monthly_part_and_each_one_opens(client, world):
    client.force_login(world.hq)
    assert titles(client, "/monthly/") == ["月度会商", "要素保障", "园区土地清理", "企业家接待日", "审批效能", "政银企融资",
                                           "百企评百岗"]
    for url in links(client, "/monthly/") + links(client, "/quarterly-review/"):
        assert client.get(url).status_code == 200, url


def test_an_enterprise_sees_only_its_requests_financing_and_ratings(client, world):
    client.force_login(world.owner)
    assert titles(client, "/monthly/") == ["要素保障", "政银企融资", "百企评百岗"]
    assert titles(client, "/quarterly-review/") == []
    for url in links(client, "/monthly/"):
        assert client.get(url).status_code == 200, url


def test_the_inspector_sees_accountability_but_not_the_scores(client, world):
    client.force_login(world.inspector)
    assert titles(client, "/quarterly-review/") == ["问责追责"]
    assert client.get(links(client, "/quarterly-review/")[0]).status_code == 200


def test_the_hubs_need_a_sign_in(client):
    assert client.get("/monthly/").status_code == 302
