app_name = "factors"
urlpatterns: list = []
