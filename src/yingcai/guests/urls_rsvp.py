app_name = "rsvp"

urlpatterns: list = []
