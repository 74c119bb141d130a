app_name = "cadence"
urlpatterns: list = []
