"""The registry's forms: money as people type it, choices limited to the county, filters that never fail."""

import datetime
from decimal import Decimal

import pytest
from django.forms import Form

from wumei.org.models import Unit
from wumei.projects.forms import MilestoneFormSet, MoneyField, ProjectFilterForm, ProjectForm
from wumei.projects.models import Level
from wumei.testing import ChainFactory, EnterpriseFactory, PersonFactory, RegionFactory, UnitFactory


class AmountForm(Form):
    amount = MoneyField(label="金额", required=False)


@pytest.mark.parametrize(("typed", "wan"), [
    ("12000", Decimal("12000")),
    ("1,200.5", Decimal("1200.5")),
    ("1.2亿", Decimal("12000")),
    ("0.35亿元", Decimal("3500")),
    ("8000万", Decimal("8000")),
    (" 800 万元 ", Decimal("800")),
    ("0", Decimal("0")),
    ("", None),
])
def test_money_field_reads_amounts_as_people_write_them(typed, wan):
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == wan


@pytest.mark.parametrize(("typed", "message"), [
    ("很多", "请输入正确的金额，如 12000 或 1.2亿"),
    ("1.2.3", "请输入正确的金额，如 12000 或 1.2亿"),
    ("-5", "确保该值大于或等于0。"),
    ("1" * 15, "确认总共不超过 18 个数字."),
])
def test_money_field_rejects_what_is_not_an_amount(typed, message):
    form = AmountForm({"amount": typed})
    assert not form.is_valid()
    assert form.errors["amount"] == [message]


def test_money_field_shows_stored_amounts_without_trailing_zeros():
    assert MoneyField().prepare_value(Decimal("10000.0000")) == "10000"
    assert MoneyField().prepare_value(Decimal("1234.5000")) == "1234.5"
    assert MoneyField().prepare_value("1.2亿") == "1.2亿"


@pytest.fixture
def two_counties(db):
    home = RegionFactory(code="430424", name="示范县")
    away = RegionFactory(code="430500", name="别的县")
    for region, prefix in ((home, "本县"), (away, "外县")):
        EnterpriseFactory(region=region, name=f"{prefix}企业")
        UnitFactory(region=region, kind=Unit.Kind.PARK, name=f"{prefix}园区")
        UnitFactory(region=region, kind=Unit.Kind.TOWN, name=f"{prefix}乡镇")
        UnitFactory(region=region, name=f"{prefix}责任单位")
        ChainFactory(region=region, name=f"{prefix}产业链")
        PersonFactory(region=region, name=f"{prefix}人员")
    return home, away


def test_project_form_offers_only_the_countys_units_of_the_right_kind(two_counties):
    home, _ = two_counties
    form = ProjectForm(county=home, year=2026, creating=True)

    def names(field):
        return {str(obj) for obj in form.fields[field].queryset}

    assert names("owner") == {"本县企业"}
    assert names("park") == {"本县园区"}
    assert names("town") == {"本县乡镇"}
    assert names("responsible_unit") == {"本县园区", "本县乡镇", "本县责任单位"}
    assert names("chain") == {"本县产业链"}
    assert names("lead_leader") == names("butler") == names("police") == names("inspector") == {"本县人员"}


def test_project_form_keeps_a_current_value_from_outside_the_county(two_counties):
    from wumei.testing import ProjectFactory

    home, away = two_counties
    outsider = PersonFactory(region=away, name="外调干部")
    project = ProjectFactory(county=home, butler=outsider)
    form = ProjectForm(instance=project, county=home, year=2026)
    butlers = {p.name for p in form.fields["butler"].queryset}
    assert butlers == {"本县人员", "外调干部"}
    assert "外调干部" not in {p.name for p in form.fields["police"].queryset}


def test_project_form_labels_this_years_plan_with_the_year(two_counties):
    form = ProjectForm(county=two_counties[0], year=2027, creating=True)
    assert form.fields["plan_kind"].label == "2027年计划类型"
    assert "stage" in form.fields
    assert "stage" not in ProjectForm(county=two_counties[0], year=2027).fields


def test_project_form_requires_the_version_only_when_editing(two_counties):
    home, _ = two_counties
    assert ProjectForm(county=home, year=2026).fields["version"].required
    assert not ProjectForm(county=home, year=2026, creating=True).fields["version"].required


def test_filter_form_ignores_invalid_values_and_keeps_valid_ones(two_counties):
    home, _ = two_counties
    form = ProjectFilterForm({"q": "qyjt", "level": "bogus", "chain": "abc", "overdue": "on", "sort": "evil"},
                             region_paths=[home.path])
    assert form.filters() == {"q": "qyjt", "overdue": True}
    assert form.sort_key() == ""


def test_filter_form_offers_the_counties_of_the_user_only(two_counties):
    home, _ = two_counties
    form = ProjectFilterForm({}, region_paths=[home.path])
    rendered = str(form["chain"]) + str(form["unit"]) + str(form["place"])
    assert "本县产业链" in rendered and "本县乡镇" in rendered and "本县园区" in rendered
    assert "外县" not in rendered
    assert "本县企业" not in rendered


def test_filter_form_accepts_chosen_ids(two_counties):
    home, _ = two_counties
    chain = home.chain_set.get()
    form = ProjectFilterForm({"chain": str(chain.pk), "level": Level.PROVINCIAL}, region_paths=[home.path])
    assert form.filters() == {"chain": chain.pk, "level": Level.PROVINCIAL}


def _formset(rows, today=datetime.date(2026, 6, 15)):
    data = {"m-TOTAL_FORMS": len(rows), "m-INITIAL_FORMS": 0}
    for i, row in enumerate(rows):
        data.update({f"m-{i}-{k}": v for k, v in row.items()})
    return MilestoneFormSet(data, prefix="m", form_kwargs={"today": today})


def test_milestone_formset_returns_lines_in_order_without_deleted_or_blank_rows():
    formset = _formset([
        {"name": "甲", "planned_on": "2026-03-01", "actual_on": "2026-06-15"},
        {"name": "乙", "planned_on": "2026-04-01", "DELETE": "on"},
        {"name": "", "planned_on": "", "actual_on": ""},
        {"name": "丙", "planned_on": "2026-01-01"},
    ])
    assert formset.is_valid(), formset.errors
    assert formset.lines() == [
        {"name": "甲", "planned_on": datetime.date(2026, 3, 1), "actual_on": datetime.date(2026, 6, 15)},
        {"name": "丙", "planned_on": datetime.date(2026, 1, 1), "actual_on": None},
    ]


def test_milestone_cannot_be_done_in_the_future():
    formset = _formset([{"name": "甲", "planned_on": "2026-03-01", "actual_on": "2026-06-16"}])
    assert not formset.is_valid()
    assert formset.errors[0]["actual_on"] == ["实际完成日期不能晚于今天"]
