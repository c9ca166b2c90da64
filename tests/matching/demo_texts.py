"""Texts like the demo's — job titles and descriptions, talents' bios and skills — built from
the demo's word lists (`yingcai.demo.words`, `yingcai.demo.words_jobs`) and its sentence
patterns, without a database, plus tricky strings for a tokeniser.

For the equivalence test of the Chinese segmentation (tests/matching/test_text.py) and the
segmentation benchmark (benchmarks/bench_segment.py).
"""

import random
from dataclasses import astuple

from yingcai.demo import words, words_jobs

DEGREES = list(words_jobs.DEGREE_WORDS.values())
REQUIREMENTS = list(words_jobs.DEGREE_REQUIREMENTS.values())
TITLES = list(words_jobs.TITLE_REQUIREMENTS.values())
BENEFITS = (
    words_jobs.BENEFITS_ENTERPRISE
    + words_jobs.BENEFITS_UNIVERSITY
    + words_jobs.BENEFITS_INSTITUTION
)
DISTRICTS = ["两江新区", "渝北区", "九龙坡区", "沙坪坝区", "江北区", "渝中区", "南岸区", "北碚区"]

# What a tokeniser gets wrong: Chinese and English run together, digits inside words,
# full-width letters, digits and punctuation, compatibility characters, rare characters,
# words of the dictionary's long tail, single characters, empty and blank strings.
TRICKY = [
    "",
    " ",
    "的",
    "医",
    "码农",
    "FPGA开发工程师",
    "嵌入式Linux驱动开发",
    "5G通信与PCB设计",
    "熟悉C++、C#和Python3，有TensorFlow2.0经验",
    "ＦＰＧＡ开发，Embedded Systems 与 batteries；2020年 a",
    "２０２０年硕士研究生，ＧＰＡ３．８",
    "（１）负责锂电池ＢＭＳ算法；（２）参与储能系统集成。",
    "Ⅳ期临床试验①项目管理②数据分析",
    "ﬁber optics 光纤通信",
    "北京大学/清华大学/中国科学技术大学",
    "集成电路设计工程师集成电路设计工程师",
    "长江大学生命科学学院",
    "南京市长江大桥",
    "研究生命起源",
    "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
    "结婚的和尚未结婚的",
    "中华人民共和国成立了",
    "他来到了网易杭研大厦",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "㐀㐁㐂数据分析龘龘",
    "鿏鿐鿑鿒新材料",
    "人工智能AI、机器学习ML和大数据BigData",
    "年薪30-50万，五险一金，13薪",
    "邮箱hr@example.com，电话023-61234567",
    "数据分析师、软件开发工程师、嵌入式软件工程师",
    "量子点显示与锂电池储能",
    "新能源汽车电池管理系统BMS开发",
    "临床试验数据管理与生物统计",
    "区块链、物联网IoT、云计算",
    "语音识别与自然语言处理NLP",
    "高层次人才引进岗（博士研究生学历）",
    "【岗位职责】\n1. 负责芯片的设计、仿真与验证；\n2. 参与新产品的可靠性测试。",
]


def _strings(value) -> list[str]:
    """Every string of a word list, however nested (tuples, lists, dicts, dataclasses)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, words_jobs.FieldWords):
        value = astuple(value)
    if isinstance(value, dict):
        value = list(value.keys()) + list(value.values())
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def word_list_strings() -> list[str]:
    """Every string of the demo's word lists that has a Chinese character, once each."""
    found: list[str] = []
    for module in (words, words_jobs):
        for name in dir(module):
            if name.isupper():
                found.extend(_strings(getattr(module, name)))
    chinese = (s for s in found if any("\u4e00" <= c <= "\u9fff" for c in s))
    return list(dict.fromkeys(chinese))


def job_description(rng: random.Random, field: words_jobs.FieldWords) -> str:
    """A job's description as the demo writes it (yingcai.demo.jobs), in Chinese."""
    duties = rng.sample(field.duties, 2)
    skills = rng.sample(field.skills, min(3, len(field.skills)))
    major = rng.choice(field.majors)
    degree = rng.choice(REQUIREMENTS)[0]
    benefit = rng.choice(BENEFITS)[0].format(n=rng.choice([5, 10, 20]))
    lines = [
        f"{degree}，{major[0]}等相关专业；",
        f"熟悉{skills[0][0]}、{skills[1][0]}，有{skills[-1][0]}经验者优先；",
    ]
    if rng.random() < 0.4:
        lines.append(f"{rng.choice(TITLES)[0]}；")
    lines.append("具有良好的沟通能力和团队合作精神。")
    text = "【岗位职责】\n"
    text += f"1. 负责{duties[0][0]}；\n2. 参与{duties[1][0]}；\n3. 完成部门交办的其他工作。\n\n"
    text += "【任职要求】\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))
    text += f"\n\n【薪酬福利】\n{benefit}。"
    if rng.random() < 0.2:
        text += "\n\n欢迎海外人才申请：可线上面试，并协助办理签证和在重庆安家落户。"
    return text


def talent_bio(rng: random.Random, field: words_jobs.FieldWords) -> str:
    """A talent's bio as the demo writes it (yingcai.demo.talents), in Chinese."""
    degree = rng.choice(DEGREES)[0]
    school = rng.choice(words_jobs.CHINESE_UNIVERSITIES)[0]
    major = rng.choice(field.majors)[0]
    s1, s2 = rng.sample(field.skills, 2)
    district = rng.choice(DISTRICTS)
    text = rng.choice(
        [f"{degree}，毕业于{school}{major}专业。", f"{school}{major}专业{degree}。",
         f"本人{degree}学历，{school}{major}专业毕业。"]
    )  # fmt: skip
    if rng.random() < 0.5:
        title = rng.choice(field.titles)[0]
        trade = rng.choice(words.TRADE_NAME_FIRST)[0] + rng.choice(words.TRADE_NAME_SECOND)[0]
        text += f"现任重庆{trade}{rng.choice(words.INDUSTRIES)[0]}有限公司{title}。"
    else:
        text += f"从事相关工作{rng.randint(1, 20)}年。"
    text += rng.choice(
        [f"擅长{s1[0]}和{s2[0]}。", f"主要方向：{s1[0]}、{s2[0]}。", f"熟悉{s1[0]}，兼做{s2[0]}。"]
    )
    text += rng.choice(
        [f"希望在{district}发展。", f"期望工作地点：{district}。", "愿意来重庆工作。"]
    )
    if rng.random() < 0.15:
        text += f" Open to positions in Chongqing; {s1[1]}."
    return text


def corpus(generated: int = 400, seed: int = 12) -> list[str]:
    """The word lists' strings, `generated` job descriptions and as many bios, the tricky
    strings: about 1,900 texts for the default."""
    rng = random.Random(seed)
    fields = list(words_jobs.FIELDS.values())
    texts = word_list_strings()
    for _ in range(generated):
        field = rng.choice(fields)
        title = rng.choice(field.titles)[0]
        texts.append(title)
        texts.append(job_description(rng, field))
        texts.append(talent_bio(rng, field))
    return texts + TRICKY
