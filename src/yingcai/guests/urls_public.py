app_name = "guests"

urlpatterns: list = []
