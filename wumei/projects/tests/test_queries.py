from wumei.projects.queries import projects_visible_to
from wumei.testing import PersonFactory, ProjectFactory, UserFactory
from wumei.weekly.models import VisitDelegate


def test_a_visit_secretary_sees_his_leaders_projects_once_and_nothing_else(world):
    secretary = PersonFactory(region=world.county, user=UserFactory(username="secretary"))
    VisitDelegate.objects.create(leader=world.lead_leader.person, secretary=secretary)
    VisitDelegate.objects.create(leader=world.lead_leader.person, secretary=PersonFactory(region=world.county))
    ProjectFactory(county=world.county, lead_leader=world.lead_leader.person)
    visible = list(projects_visible_to(secretary.user))
    assert len(visible) == 2 and world.project in visible and world.other not in visible
