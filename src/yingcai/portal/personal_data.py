"""Messages (留言) posted while logged in, with the replies to them."""

from yingcai.core.registry.personal_data import ORDER_CONTENT, Provider, register

from . import services
from .models import Message, MessageReply


def export(user) -> dict:
    return {
        "messages": [
            {
                "subject": m.subject,
                "body": m.body,
                "name": m.name,
                "email": m.email,
                "allow_publication": m.allow_publication,
                "status": m.status,
                "sent_at": m.created_at.isoformat(),
                "replies": [
                    {"body": r.body, "at": r.created_at.isoformat()} for r in m.replies.all()
                ],
            }
            for m in Message.objects.filter(user=user).prefetch_related("replies")
        ]
    }


def records(user):
    mine = Message.objects.filter(user=user)
    return [mine, MessageReply.objects.filter(message__in=mine)]


register(
    Provider(
        key="portal",
        models=("portal.Message", "portal.MessageReply", "portal.NewsItem", "portal.Report"),
        export=export,
        erase=services.forget_messages,
        records=records,
        order=ORDER_CONTENT,
        keeps="News, replies and handled reports written by staff stay (pointing at the "
        "anonymised account). Reports are anonymous by design (no account is linked).",
    )
)
