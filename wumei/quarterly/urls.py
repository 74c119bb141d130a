app_name = "quarterly"
urlpatterns: list = []
