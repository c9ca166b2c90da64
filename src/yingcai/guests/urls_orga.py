app_name = "orga_guests"

urlpatterns: list = []
