app_name = "orga_attendance"

urlpatterns: list = []
