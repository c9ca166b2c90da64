"""The portal: messages left by the public and reports of illegal information."""

import random

from yingcai.core.rules import STAFF_MODERATOR
from yingcai.portal.models import (
    Message,
    MessageReply,
    Report,
    new_tracking_number,
)

from .accounts import chinese_name, foreign_name
from .base import BATCH_SIZE, EMAIL_DOMAIN, Context

# --- Messages (留言) ----------------------------------------------------------------------------
# (language, subject, message, reply)
QUESTIONS = [
    (
        "zh-hans",
        "海外人才如何线上参会？",
        "我目前在德国做博士后，无法回国参加现场活动，请问可以线上参加面试吗？",
        "您好！大会全程支持线上参会。注册后即可在线报名岗位，面试可通过视频进行，"
        "具体时间由您与用人单位在平台上约定。",
    ),
    (
        "zh-hans",
        "事业单位招聘的报名条件",
        "请问市属事业单位招聘对年龄有什么要求？博士后出站人员可以报名吗？",
        "您好！报名条件以各事业单位发布的招聘公告为准，请在岗位详情中查看。"
        "博士后出站人员符合岗位条件的均可报名。",
    ),
    (
        "zh-hans",
        "单位认证需要多长时间？",
        "我们公司昨天提交了单位注册，请问审核一般需要多长时间？",
        "您好！组委会一般在2个工作日内完成审核，结果会通过电子邮件通知单位负责人。",
    ),
    (
        "zh-hans",
        "现场参会需要带什么材料？",
        "请问现场参会需要携带纸质简历和学历证书吗？",
        "您好！入场需携带电子凭证和身份证件；建议同时携带简历和学历学位证书复印件，便于现场面试。",
    ),
    (
        "zh-hans",
        "希望多一些区县的岗位",
        "希望大会能多一些万州、涪陵等区县的岗位，方便回家乡就业。",
        "感谢您的建议！各区县政府和事业单位均已参会，您可以在岗位需求中按区县筛选。",
    ),
    (
        "zh-hans",
        "“英才杯”大赛还能报名吗？",
        "我们团队有一个生物医药项目，请问还能报名参加“英才杯”大赛吗？",
        "您好！本届大赛复赛已经结束，欢迎关注下一届大赛的报名通知；"
        "您也可以在项目对接板块发布项目信息。",
    ),
    (
        "zh-hans",
        "投融资机构如何参加对接？",
        "我们是一家创业投资机构，希望参加大会的项目路演对接，请问如何报名？",
        "您好！请先在本平台注册为投融资机构并完成认证，之后即可预约路演项目的对接洽谈。",
    ),
    (
        "zh-hans",
        "直播带岗什么时候开始？",
        "听说大会有直播带岗，请问在哪里观看？",
        "您好！直播带岗在线上会场进行，开幕当天起每天上午和下午各一场，直播间内可直接投递岗位。",
    ),
    (
        "en",
        "Can foreign nationals apply to public institutions?",
        "I am a British researcher living in Chengdu. Can I apply for posts at municipal "
        "public institutions?",
        "Thank you for your question. Each public institution's announcement states who may "
        "apply; many posts require Chinese nationality. Enterprises, universities and research "
        "institutes welcome applicants of every nationality.",
    ),
    (
        "en",
        "English versions of job requirements",
        "Many job requirements are in Chinese only. Could employers be asked to add English?",
        "Thank you for the suggestion. Employers can publish job requirements in both "
        "languages, and we have asked them to do so for posts open to overseas talents.",
    ),
    (
        "en",
        "Work permits",
        "If I receive an offer from a company in Chongqing, who applies for my work permit?",
        "The employer applies for the work permit. The talent service desk at the main venue "
        "explains the procedure and the documents you will need.",
    ),
    (
        "en",
        "Time of online interviews",
        "I live in Toronto. In which time zone are the online interviews scheduled?",
        "Times on the platform are Beijing time (UTC+8). Please agree on a time that suits "
        "both you and the employer.",
    ),
]
# Questions with personal details: answered by e-mail, not published.
PRIVATE_QUESTIONS = [
    (
        "zh-hans",
        "收不到验证码",
        "我用手机号13800000000注册，一直收不到短信验证码，麻烦帮忙查一下。",
        "您好！已核实您的账号，请改用注册邮箱登录并在“忘记密码”中重置密码。",
    ),
    (
        "zh-hans",
        "报名信息填错了",
        "我的身份证号填错了一位，报名已经提交，请问怎么修改？",
        "您好！已为您退回报名信息，请登录后修改并重新提交。",
    ),
    (
        "en",
        "Wrong date of birth",
        "I entered a wrong date of birth in my application and cannot change it any more.",
        "Hello, we have returned your application to you: please log in, correct it and "
        "submit it again.",
    ),
]
SPAM = [
    ("zh-hans", "代办职称证书", "专业代办中高级职称证书，包过，价格优惠，有意者加微信详谈。"),
    ("zh-hans", "网站太卡", "什么破网站，报个名折腾半天！！！"),
    ("en", "Fast visas", "We offer fast visas and degree certificates at low prices. Contact us."),
]
# How people open, place themselves and close a message: mixed by each writer's own generator,
# so a question many ask does not read the same every time.
VOICES = {
    "zh-hans": (
        ["", "您好，", "你好！", "打扰一下，", "请教一下："],
        ["", "想咨询一下。", "在常见问题里没找到答案。", "看了大会的公告，还有一点不清楚。"],
        ["", "谢谢！", "盼复，谢谢。", "麻烦尽快回复。", "辛苦了。"],
    ),
    "en": (
        ["", "Hello, ", "Hi, ", "Dear organisers, "],
        ["", "I could not find this in the FAQ. ", "I have a question about the conference. "],
        ["", " Thanks.", " Many thanks in advance.", " Best regards."],
    ),
}


def in_own_words(number: int, language: str, body: str) -> str:
    """The message as this writer would put it (deterministic, without the load's draws)."""
    voice = random.Random(f"message:{number}")
    openings, contexts, closings = VOICES.get(language, VOICES["en"])
    opening, context, closing = (
        voice.choice(openings),
        voice.choice(contexts),
        voice.choice(closings),
    )
    if language == "en" and opening and not context and body[:2] != "I ":
        body = body[0].lower() + body[1:]  # "Hello, could you …"
    return f"{opening}{context}{body}{closing}"


REJECTION_NOTES = {"zh-hans": "广告或不文明内容，不予发布。", "en": "Spam, not published."}
PRIVATE_NOTE = "含个人信息，已私下答复。"


def load_messages(ctx: Context) -> None:
    rng = ctx.rng
    moderators = ctx.created["staff"][STAFF_MODERATOR]
    talents = ctx.created["talents"]
    statuses = list(Message.Status)
    messages, replies = [], []
    for i in range(ctx.count("messages", minimum=len(statuses))):
        # Every status at least once, then as often as a moderator would see them.
        status = statuses[i] if i < len(statuses) else rng.choices(statuses, (15, 60, 10, 15))[0]
        user = rng.choice(talents) if rng.random() < 0.5 else None
        if status == Message.Status.REJECTED:
            language, subject, body = rng.choice(SPAM)
            answer = ""
        else:
            pool = PRIVATE_QUESTIONS if status == Message.Status.ANSWERED_PRIVATELY else QUESTIONS
            if user is not None:
                pool = [q for q in pool if q[0] == user.language] or pool
            language, subject, body, answer = rng.choice(pool)
            body = in_own_words(i, language, body)[:2000]
        if user is not None:
            name, email = user.name, user.email
        else:
            name = (chinese_name if language == "zh-hans" else foreign_name)(rng)[0]
            email = f"visitor{i + 1:03d}@{EMAIL_DOMAIN}"
        message = Message(
            name=name[:60],
            email=email,
            subject=subject,
            body=body,
            language=language,
            user=user,
            status=status,
            allow_publication=status != Message.Status.ANSWERED_PRIVATELY or rng.random() < 0.3,
            created_at=ctx.between(-75, -31),
        )
        if status != Message.Status.PENDING:
            message.moderated_at = ctx.after(message.created_at, 1, 72)
            message.moderated_by = rng.choice(moderators)
            if status == Message.Status.REJECTED:
                message.moderation_note = REJECTION_NOTES[language]
            elif status == Message.Status.ANSWERED_PRIVATELY:
                message.moderation_note = PRIVATE_NOTE
            if answer:
                replies.append(
                    MessageReply(
                        message=message,
                        author=message.moderated_by,
                        body=answer,
                        created_at=message.moderated_at,
                    )
                )
        messages.append(message)
    Message.objects.bulk_create(messages, batch_size=BATCH_SIZE)
    MessageReply.objects.bulk_create(replies, batch_size=BATCH_SIZE)
    ctx.created["messages"] = messages


# --- Reports (违法和不良信息举报) -------------------------------------------------------------
# (language, category, where, description, closing status, answer to the reporter)
REPORTS = [
    (
        "zh-hans",
        Report.Category.FRAUD,
        "岗位需求：销售储备干部",
        "该岗位要求应聘者面试前先缴纳500元培训费，疑似虚假招聘。",
        Report.Status.RESOLVED,
        "经核查，该单位确有收费行为，已下架相关岗位并暂停其发布权限。感谢您的举报。",
    ),
    (
        "zh-hans",
        Report.Category.DISCRIMINATION,
        "岗位需求：行政专员",
        "岗位要求写明“限男性，已婚已育优先”，属于就业歧视。",
        Report.Status.RESOLVED,
        "已要求用人单位删除岗位中的性别和婚育限制。感谢您的举报。",
    ),
    (
        "zh-hans",
        Report.Category.PERSONAL_DATA,
        "/zh-hans/messages/",
        "留言板上有人公布了他人的手机号码。",
        Report.Status.RESOLVED,
        "相关信息已删除。感谢您的举报。",
    ),
    (
        "zh-hans",
        Report.Category.RUMOUR,
        "某微信群转发的消息",
        "有人称大会延期举办，与官网信息不符。",
        Report.Status.UNFOUNDED,
        "该信息不在本平台发布，大会按期举办，请以本平台发布的信息为准。",
    ),
    (
        "zh-hans",
        Report.Category.INFRINGEMENT,
        "路演项目介绍页面",
        "某路演项目的介绍使用了我公司的专利附图。",
        Report.Status.UNFOUNDED,
        "经核查，项目方已取得专利权人授权，举报内容未能证实。",
    ),
    (
        "zh-hans",
        Report.Category.OTHER,
        "/zh-hans/news/",
        "新闻页面的图片无法显示。",
        Report.Status.UNFOUNDED,
        "该问题不属于违法和不良信息，已转技术人员处理。",
    ),
    (
        "en",
        Report.Category.FRAUD,
        "Job requirement: overseas marketing manager",
        "A recruiter asked me to pay a visa processing fee by bank transfer before the interview.",
        Report.Status.RESOLVED,
        "We confirmed your report, removed the job requirement and suspended the "
        "organisation's right to publish. Thank you.",
    ),
    (
        "en",
        Report.Category.DISCRIMINATION,
        "Job requirement: research assistant",
        "The job requirement says applicants must be under 30 and unmarried.",
        Report.Status.RESOLVED,
        "The employer has removed the conditions on age and marital status. Thank you.",
    ),
    (
        "en",
        Report.Category.RUMOUR,
        "/en/news/",
        "I believe the figures in a news item are wrong.",
        Report.Status.UNFOUNDED,
        "We checked the figures against the press conference's release; they are correct.",
    ),
]
INTERNAL_NOTES = ["已联系用人单位核实。", "已转核查组。", "Asked the organisation for documents."]


def tracking_number(rng, created) -> str:
    return new_tracking_number(created, rng.choice)


def load_reports(ctx: Context) -> None:
    rng = ctx.rng
    moderators = ctx.created["staff"][STAFF_MODERATOR]
    statuses = list(Report.Status)
    reports, changed, numbers = [], [], set()
    for i in range(ctx.count("reports", minimum=len(statuses))):
        status = statuses[i] if i < len(statuses) else rng.choices(statuses, (20, 15, 45, 20))[0]
        closed = status in (Report.Status.RESOLVED, Report.Status.UNFOUNDED)
        pool = [r for r in REPORTS if r[4] == status] if closed else REPORTS
        language, category, where, description, _closing, answer = rng.choice(pool)
        created = ctx.between(-75, -31)
        number = tracking_number(rng, created)
        while number in numbers:
            number = tracking_number(rng, created)
        numbers.add(number)
        anonymous = rng.random() < 0.4
        name = (
            "" if anonymous else (chinese_name if language == "zh-hans" else foreign_name)(rng)[0]
        )
        report = Report(
            tracking_number=number,
            category=category,
            url=where,
            description=description,
            reporter_name=name,
            reporter_email="" if anonymous else f"reporter{i + 1:03d}@{EMAIL_DOMAIN}",
            language=language,
            status=status,
            created_at=created,
        )
        if status != Report.Status.RECEIVED:
            report.handled_by = rng.choice(moderators)
            report.internal_note = rng.choice(INTERNAL_NOTES)
        if closed:
            report.public_response = answer
        reports.append(report)
        changed.append(created if status == Report.Status.RECEIVED else ctx.after(created, 2, 120))
    Report.objects.bulk_create(reports, batch_size=BATCH_SIZE)
    # auto_now stamped the load's own time; the time line says when each was last handled.
    for report, updated_at in zip(reports, changed, strict=True):
        report.updated_at = updated_at
    Report.objects.bulk_update(reports, ["updated_at"], batch_size=BATCH_SIZE)
    ctx.created["reports"] = reports
