import json

import pytest
from django.core.management import CommandError, call_command

from wumei.cockpit.figures import figures
from wumei.cockpit.tests.conftest import ON

pytestmark = pytest.mark.django_db


def test_figures_command_prints_the_same_figures_as_json(small, capsys):
    call_command("figures", "--on", ON.isoformat(), "--region", "430424", "--format", "json")
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(figures(small.county, ON).as_dict()))
    assert printed["investment"]["all"]["completion_percent"] == "42.2"


def test_figures_command_text_has_the_seed_sentences(small, capsys):
    call_command("figures", "--on", ON.isoformat())
    out = capsys.readouterr().out
    assert "2个省市重点项目已开工2个，开工率100.0%" in out
    assert "投资完成率：42.2%" in out


def test_figures_command_refuses_an_unknown_region(small):
    with pytest.raises(CommandError, match="没有区划代码为 1 的地区"):
        call_command("figures", "--region", "1")
