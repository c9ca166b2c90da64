"""What the talents tell the modules built on them, without knowing those modules.

`profile_saved` is sent by `services.save_profile` inside its transaction, after the profile
and its history are written (`profile`: the TalentProfile). A receiver that does heavy work
queues it with `transaction.on_commit` (the job fair refreshes the talent's recommendations).
"""

from django.dispatch import Signal

profile_saved = Signal()
