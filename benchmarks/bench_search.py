"""Job search at the conference's scale: server time of the search page, PostgreSQL and SQLite.

Run with the project's Python: `.venv/bin/python benchmarks/bench_search.py` (about a minute).
Options: `--postgres-only`, `--sqlite-only`, `--rounds N` (measured rounds, default 5).

PostgreSQL (the target): a dedicated database `yingcai_bench_search` is created on the server
of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test, only used to reach the
server) and dropped at the end; nothing else is touched. SQLite: a new file in a temporary
directory (information only, no target).

In each database: `migrate`, then 8,041 published, open jobs (the 2020 conference) of 1,500
verified organisations, plus 959 jobs that must never be listed (closed, drafts, awaiting
approval, published with the deadline passed). Titles and descriptions are bilingual, drawn
from 21 discipline fields with their own Chinese and English vocabulary; fields, districts,
degrees, salaries, employer kinds, deadlines and publication dates are spread as at a real
fair (fixed seed). Then 50 searches with text (Chinese, English, mixed) and two filters each,
and 50 without text with two filters each, through Django's test client with the whole
middleware stack (the time from request to rendered response, in process). One warm-up round,
then `--rounds` measured rounds; p50, p95 and max of all measured requests of each kind.

Targets (PostgreSQL): p95 <= 100 ms with text and two filters, <= 50 ms without text.
Exit status 1 when a target is missed or PostgreSQL cannot be reached.
"""

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "yingcai_bench_search"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/test"
TARGET_TEXT_MS = 100.0
TARGET_PLAIN_MS = 50.0
OPEN_JOBS = 8_041
HIDDEN_JOBS = 959
ORGANISATIONS = 1_500
SEED = 2020

# field slug -> (job titles in Chinese, topic words in Chinese, English words)
VOCABULARY = {
    "electronic-information": (
        "集成电路芯片设计工程师 模拟电路工程师 射频工程师 嵌入式软件工程师 芯片验证工程师 "
        "半导体工艺工程师 通信算法工程师 硬件工程师",
        "集成电路 芯片设计 半导体 封装测试 晶圆 模拟电路 嵌入式系统 单片机 传感器 物联网 "
        "射频 天线 基站 信号处理 光通信 芯片验证 版图设计",
        "chip design semiconductor wafer analog embedded firmware sensor rf antenna verilog",
    ),
    "smart-manufacturing": (
        "工业机器人工程师 自动化工程师 机械设计工程师 工艺工程师 数控编程工程师 质量工程师 "
        "设备工程师 精益生产经理",
        "工业机器人 运动控制 机械臂 伺服 自动化产线 视觉检测 数控机床 精密加工 模具 "
        "工艺优化 数字孪生 智能工厂 精益生产 设备维护 工业互联网",
        "robotics servo automation plc cnc machining tooling mes lean quality",
    ),
    "biomedicine": (
        "博士后研究员 药物化学研究员 制剂研究员 抗体药物研究员 临床研究经理 注册专员 "
        "细胞培养工程师 质量控制主管",
        "新药研发 药物化学 药理学 制剂 靶点 化合物 基因编辑 细胞培养 抗体 疫苗 "
        "蛋白质组学 发酵工程 临床试验 医学统计 注册申报 生物医药",
        "drug pharmacology compound formulation antibody vaccine genomics protein clinical "
        "postdoc biomedicine",
    ),
    "new-energy": (
        "锂电池研发工程师 电池管理系统工程师 储能系统工程师 光伏工程师 氢能研究员 "
        "电化学工程师 电站运维工程师",
        "锂电池 储能系统 电池管理 正极材料 电解液 充电桩 光伏组件 风力发电 逆变器 "
        "太阳能 并网 氢燃料电池 电解水制氢 储氢 氢能源",
        "battery lithium storage electrolyte photovoltaic solar wind inverter hydrogen "
        "fuel cell electrochemistry",
    ),
    "new-materials": (
        "高分子材料工程师 复合材料研究员 材料表征工程师 合金研发工程师 纳米材料研究员 "
        "涂料配方工程师",
        "高分子材料 复合材料 树脂 纤维 涂料 聚合 合金 铝合金 热处理 冶金 粉末冶金 "
        "轻量化 纳米材料 石墨烯 薄膜 功能陶瓷 碳纤维 新材料",
        "polymer composite resin fiber alloy metallurgy aluminium graphene ceramic materials",
    ),
    "software-it": (
        "软件开发工程师 后端开发工程师 前端开发工程师 测试开发工程师 运维工程师 "
        "产品经理 架构师 信息安全工程师",
        "软件开发 前端 后端 微服务 移动应用 测试开发 数据库 分布式 云计算 信息安全 "
        "运维 架构设计 接口 容器",
        "software engineer backend frontend java python golang devops kubernetes security",
    ),
    "digital-economy": (
        "人工智能算法工程师 数据科学家 大数据开发工程师 机器学习工程师 计算机视觉工程师 "
        "自然语言处理工程师 数据分析师",
        "人工智能 机器学习 深度学习 自然语言处理 计算机视觉 推荐系统 大数据 数据治理 "
        "数据仓库 算法 数据分析 数字经济 电子商务",
        "machine learning data scientist deep learning nlp vision algorithm analytics spark",
    ),
    "automotive": (
        "整车设计工程师 自动驾驶算法工程师 电控工程师 底盘工程师 智能座舱工程师 "
        "热管理工程师 动力总成工程师",
        "整车设计 底盘 车身 汽车零部件 动力总成 变速器 自动驾驶 智能座舱 车联网 激光雷达 "
        "辅助驾驶 电机控制 电驱动 电控 热管理 新能源汽车",
        "autonomous driving lidar adas vehicle chassis powertrain motor controller automotive",
    ),
    "equipment": (
        "装备设计工程师 液压工程师 轨道交通工程师 航空装备工程师 电气工程师 结构工程师",
        "高端装备 液压系统 轨道交通 航空装备 电气设计 结构设计 无损检测 焊接 装配 可靠性 仿真分析",
        "equipment hydraulics aerospace railway electrical welding simulation reliability",
    ),
    "chemicals": (
        "化工工艺工程师 安全环保工程师 分析化学研究员 催化研究员 天然气化工工程师",
        "化工工艺 精细化工 催化剂 天然气化工 分析化学 安全生产 反应工程 分离提纯 中试放大",
        "chemical process catalysis analytical chemistry safety plant scale-up",
    ),
    "modern-agriculture": (
        "农业技术推广员 作物育种研究员 畜牧兽医 食品安全工程师 智慧农业工程师 水产技术员",
        "作物育种 种子 土壤改良 设施农业 智慧农业 植保 畜牧养殖 兽医 饲料 水产养殖 "
        "农产品加工 食品安全 冷链物流 柑橘 榨菜",
        "crop breeding soil agronomy livestock veterinary aquaculture food agribusiness",
    ),
    "ecology": (
        "环境工程师 污水处理工程师 环境监测工程师 生态修复研究员 环评工程师 碳管理专员",
        "污水处理 水环境 水质监测 给排水 流域治理 大气污染 固体废物 环境监测 碳排放 "
        "节能减排 生态修复 环境评价 土壤修复 生物多样性",
        "wastewater water membrane emission waste carbon ecology restoration environmental",
    ),
    "civil-engineering": (
        "结构设计工程师 土木工程师 造价工程师 建筑设计师 市政工程师 桥梁工程师",
        "结构设计 建筑设计 施工管理 造价 市政工程 桥梁 隧道 岩土工程 装配式建筑 城市更新 规划设计",
        "civil engineer structural construction bridge tunnel geotechnical architecture bim",
    ),
    "logistics": (
        "供应链经理 物流规划师 国际贸易专员 仓储经理 跨境电商运营",
        "供应链 物流规划 国际贸易 仓储 中欧班列 陆海新通道 跨境电商 报关 多式联运",
        "logistics supply chain warehouse trade customs freight manager",
    ),
    "finance": (
        "风险管理经理 投资经理 金融分析师 信贷审批专员 合规专员 量化研究员 金融科技工程师",
        "风险管理 信贷 银行 合规 反洗钱 资产管理 投资分析 私募股权 证券 资本市场 并购 "
        "基金 金融科技 支付 区块链 量化交易 保险 风控",
        "risk credit banking compliance investment equity securities fund fintech "
        "financial analyst",
    ),
    "business": (
        "人力资源经理 财务经理 会计 市场营销经理 企业管理咨询师 审计师",
        "人力资源 财务管理 会计 审计 市场营销 品牌 企业管理 战略咨询 招商引资 项目管理",
        "accounting audit marketing brand consulting management finance hr",
    ),
    "law": (
        "律师 法务专员 知识产权专员 合规律师 仲裁秘书",
        "法律顾问 合同审查 知识产权 专利代理 诉讼 仲裁 公司法 合规",
        "lawyer legal counsel patent litigation compliance contract",
    ),
    "education": (
        "高校教师 中学数学教师 英语教师 职业教育讲师 教授 辅导员 实验室管理员",
        "课程设计 教学管理 中小学 班主任 数学教学 英语教学 高校 学科建设 科研管理 "
        "研究生培养 教授 职业教育 技能培训 在线教育",
        "teacher teaching curriculum university faculty lecturer professor english edtech",
    ),
    "healthcare": (
        "临床医师 主治医师 护士 医学影像医师 公共卫生医师 检验技师 药剂师",
        "临床医学 内科 外科 急诊 主治医师 手术 护理 公共卫生 疾病预防 流行病学 健康管理 "
        "医学影像 放射科 超声 病理 检验",
        "physician surgery emergency nursing epidemiology radiology imaging pathology clinical",
    ),
    "culture-tourism": (
        "旅游策划师 文创设计师 新媒体运营 导游 会展策划 文物保护研究员",
        "旅游策划 文化创意 文创产品 新媒体 短视频 会展 文物保护 博物馆 景区运营 非遗",
        "tourism culture museum media design exhibition heritage",
    ),
    "other": (
        "行政专员 综合管理岗 项目专员 研究助理",
        "行政管理 综合协调 项目申报 公文写作 政策研究 对外合作",
        "administration coordination policy research assistant",
    ),
}
FIELD_WEIGHTS = {
    "electronic-information": 12,
    "smart-manufacturing": 10,
    "biomedicine": 8,
    "new-energy": 6,
    "new-materials": 5,
    "software-it": 9,
    "digital-economy": 8,
    "automotive": 8,
    "equipment": 5,
    "chemicals": 3,
    "modern-agriculture": 3,
    "ecology": 3,
    "civil-engineering": 4,
    "logistics": 2,
    "finance": 4,
    "business": 3,
    "law": 1,
    "education": 6,
    "healthcare": 6,
    "culture-tourism": 2,
    "other": 2,
}
DISTRICT_WEIGHTS = {
    "liangjiang": 14,
    "yubei": 10,
    "jiulongpo": 8,
    "shapingba": 7,
    "gaoxin": 7,
    "jiangbei": 6,
    "yuzhong": 6,
    "nanan": 5,
    "beibei": 4,
    "banan": 4,
    "bishan": 3,
    "yongchuan": 3,
    "jiangjin": 3,
    "fuling": 3,
    "wanzhou": 3,
}
KIND_WEIGHTS = {
    "enterprise": 62,
    "public_institution": 14,
    "university": 12,
    "industrial_park": 4,
    "investor": 3,
    "district_government": 5,
}
_PERKS = "五险一金 人才公寓 安家补贴 科研启动经费 带薪年假 子女入学 绩效奖金 住房补贴"
PERKS = _PERKS.split()
_TRADE = "华通 博瑞 恒达 中科 金凯 海润 天成 鼎新 宏图 瑞丰 英特 长江 渝新 西部 嘉陵 两江"
TRADE = _TRADE.split()
_TRADE_EN = "Huatong Borui Hengda Zhongke Jinkai Hairun Tiancheng Dingxin Hongtu Ruifeng"
TRADE_EN = _TRADE_EN.split()

# (query, field of the topic): what people type into a job search box.
TEXT_QUERIES = [
    ("芯片 工程师", "electronic-information"),
    ("博士后 生物医药", "biomedicine"),
    ("battery engineer", "new-energy"),
    ("锂电池", "new-energy"),
    ("人工智能 算法", "digital-economy"),
    ("自动驾驶", "automotive"),
    ("大数据", "digital-economy"),
    ("临床 医师", "healthcare"),
    ("新材料 研发", "new-materials"),
    ("工业机器人", "smart-manufacturing"),
    ("数控 工艺", "smart-manufacturing"),
    ("软件开发", "software-it"),
    ("嵌入式", "electronic-information"),
    ("抗体 药物", "biomedicine"),
    ("储能", "new-energy"),
    ("光伏", "new-energy"),
    ("氢能", "new-energy"),
    ("高分子材料", "new-materials"),
    ("风险管理", "finance"),
    ("投资经理", "finance"),
    ("教师", "education"),
    ("护理", "healthcare"),
    ("医学影像", "healthcare"),
    ("污水处理", "ecology"),
    ("环境监测", "ecology"),
    ("结构设计", "civil-engineering"),
    ("供应链", "logistics"),
    ("律师", "law"),
    ("会计", "business"),
    ("旅游策划", "culture-tourism"),
    ("智慧农业", "modern-agriculture"),
    ("芯片设计 验证", "electronic-information"),
    ("新能源汽车 电控", "automotive"),
    ("研究员", "biomedicine"),
    ("高校 教授", "education"),
    ("software engineer", "software-it"),
    ("data scientist", "digital-economy"),
    ("machine learning", "digital-economy"),
    ("chip design", "electronic-information"),
    ("postdoc biomedicine", "biomedicine"),
    ("clinical", "healthcare"),
    ("hydrogen fuel cell", "new-energy"),
    ("robotics automation", "smart-manufacturing"),
    ("financial analyst", "finance"),
    ("java backend", "software-it"),
    ("civil engineer", "civil-engineering"),
    ("logistics manager", "logistics"),
    ("english teacher", "education"),
    ("vaccine 疫苗", "biomedicine"),
    ("lidar 激光雷达", "automotive"),
]


# --- The parent: databases, child processes, verdict --------------------------------------------
def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def admin_connection(server_url: str):
    import psycopg

    parts = urlsplit(server_url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=(parts.path or "/postgres").lstrip("/") or "postgres",
        autocommit=True,
        connect_timeout=5,
    )


def run_child(backend: str, database_url: str, var_dir: str, rounds: int) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "YINGCAI_VAR_DIR": var_dir,
        "HTTPS": "0",
        "ALLOWED_HOSTS": "testserver,localhost",
        "DJANGO_SETTINGS_MODULE": "yingcai.settings",
        "LOG_LEVEL": "WARNING",
    }
    for name in ("REDIS_URL", "DEBUG", "TEST_DATABASE_NAME"):
        env.pop(name, None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--child", backend, "--rounds", str(rounds)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{backend}: the benchmark failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def describe(result: dict) -> None:
    print(
        f"  data: {result['open_jobs']:,} open jobs listed of {result['rows']:,} rows, "
        f"{result['organisations']:,} organisations; generated and indexed in "
        f"{result['load_seconds']:.1f} s; load average before measuring {result['load']:.2f}"
    )
    for kind in ("text", "plain"):
        r = result[kind]
        print(
            f"  {r['label']}: {r['samples']} requests, p50 {r['p50']:.1f} ms, "
            f"p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms (CPU of the web process: "
            f"p50 {r['cpu_p50']:.1f} ms); results per search: "
            f"median {r['median_results']:,}, none in {r['empty']} of {r['queries']}"
        )
    if result.get("plan"):
        print(f"  plan of a text search: {result['plan']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", choices=["postgresql", "sqlite"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.rounds)

    import sqlite3

    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}, SQLite {sqlite3.sqlite_version}"
    )
    verdicts = []
    if not args.sqlite_only:
        server = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
        if not server.startswith(("postgres://", "postgresql://")):
            server = DEFAULT_SERVER
        try:
            admin = admin_connection(server)
        except Exception as error:
            print(f"PostgreSQL: cannot reach {with_database(server, '')}: {error}")
            print("FAIL: the targets are measured on PostgreSQL")
            verdicts.append(False)
        else:
            with admin:
                version = admin.execute("SHOW server_version").fetchone()[0]
                print(f"PostgreSQL {version} (database {BENCH_DATABASE}, created and dropped)")
                admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
                admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
                try:
                    with tempfile.TemporaryDirectory(prefix="yingcai-bench-") as var_dir:
                        result = run_child(
                            "postgresql",
                            with_database(server, BENCH_DATABASE),
                            var_dir,
                            args.rounds,
                        )
                finally:
                    admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
            print("PostgreSQL:")
            describe(result)
            for kind, target in (("text", TARGET_TEXT_MS), ("plain", TARGET_PLAIN_MS)):
                r = result[kind]
                ok = r["p95"] <= target
                verdicts.append(ok)
                print(
                    f"  {r['label']}: p95 {r['p95']:.1f} ms (target ≤ {target:.0f} ms): "
                    + ("PASS" if ok else "FAIL")
                )
    if not args.postgres_only:
        with tempfile.TemporaryDirectory(prefix="yingcai-bench-") as var_dir:
            result = run_child("sqlite", f"sqlite:///{var_dir}/bench.sqlite3", var_dir, args.rounds)
        print("SQLite (information, no target):")
        describe(result)
    return 0 if all(verdicts) else 1


# --- The child: one database, set up by Django ---------------------------------------------
def child(backend: str, rounds: int) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    # Production serves hashed static names from a manifest, as the pages measured here do.
    call_command("collectstatic", verbosity=0, interactive=False)
    started = time.perf_counter()
    counts = generate()
    load_seconds = time.perf_counter() - started
    result = {**counts, "load_seconds": load_seconds}
    result.update(measure(backend, rounds))
    print(json.dumps(result))
    return 0


def generate() -> dict:
    """Organisations and jobs, deterministic for the seed, indexed as the services do."""
    from django.db import connection, transaction
    from django.utils import timezone

    from yingcai.core.models import DisciplineField, District
    from yingcai.jobs.models import Job
    from yingcai.jobs.search import document_for
    from yingcai.organisations.models import Organisation

    rng = random.Random(SEED)
    fields = {f.slug: f for f in DisciplineField.objects.all()}
    districts = list(District.objects.all())
    district_weights = [DISTRICT_WEIGHTS.get(d.slug, 1) for d in districts]
    kinds, kind_weights = zip(*KIND_WEIGHTS.items(), strict=True)
    now = timezone.now()
    today = timezone.localdate()

    organisations = []
    for i in range(ORGANISATIONS):
        kind = rng.choices(kinds, kind_weights)[0]
        trade, trade_en = rng.choice(TRADE), rng.choice(TRADE_EN)
        suffix = {
            "enterprise": ("科技有限公司", "Technology Co., Ltd."),
            "public_institution": ("研究院", "Research Institute"),
            "university": ("大学", "University"),
            "industrial_park": ("产业园", "Industrial Park"),
            "investor": ("投资管理有限公司", "Investment Management"),
            "district_government": ("人力资源和社会保障局", "Human Resources Bureau"),
        }[kind]
        name_zh = f"重庆{trade}{suffix[0]}{i}"
        organisations.append(
            Organisation(
                name=name_zh,
                name_zh_hans=name_zh,
                name_en=f"Chongqing {trade_en} {suffix[1]} {i}",
                kind=kind,
                level="municipal" if kind == "public_institution" else "",
                district=rng.choices(districts, district_weights)[0],
                status=Organisation.Status.VERIFIED,
                verified_at=now,
            )
        )
    field_slugs = list(FIELD_WEIGHTS)
    field_weights = [FIELD_WEIGHTS[s] for s in field_slugs]
    vocab = {
        slug: (titles.split(), zh.split(), en.split())
        for slug, (titles, zh, en) in VOCABULARY.items()
    }

    def job(organisation, hidden: str | None) -> Job:
        slug = rng.choices(field_slugs, field_weights)[0]
        titles, zh, en = vocab[slug]
        title = rng.choice(titles)
        if rng.random() < 0.15:
            title += f"（{' '.join(w.capitalize() for w in rng.sample(en, 2))}）"
        terms = rng.sample(zh, min(6, len(zh)))
        clauses = [
            f"负责{terms[0]}与{terms[1]}相关研发",
            f"要求熟悉{terms[2]}、{terms[3]}",
            f"有{terms[4]}或{terms[5]}经验者优先",
            f"提供{'、'.join(rng.sample(PERKS, 3))}",
            f"工作地点：{organisation.district}",
            "团队氛围良好，发展空间大",
        ]
        rng.shuffle(clauses)
        description = "；".join(clauses[: rng.randint(4, 6)]) + "。"
        if rng.random() < 0.35:
            words = rng.sample(en, min(4, len(en)))
            description += f" We are hiring: {', '.join(words)}; international team welcome."
        degree = rng.choices(["", "bachelor", "master", "doctor"], (25, 35, 28, 12))[0]
        base = {"": 6000, "bachelor": 8000, "master": 12000, "doctor": 20000}[degree]
        salary_min = salary_max = None
        draw = rng.random()
        if draw < 0.7:
            salary_min = base + 1000 * rng.randint(0, 12)
            salary_max = salary_min + 1000 * rng.randint(3, 25)
        elif draw < 0.8:
            salary_min = base + 1000 * rng.randint(0, 12)
        published = now - timedelta(seconds=rng.randint(0, 60 * 86400))
        deadline = today + timedelta(days=rng.randint(0, 75))
        status = Job.Status.PUBLISHED
        if hidden == "late":
            deadline = today - timedelta(days=rng.randint(1, 30))
        elif hidden is not None:
            status = hidden
        item = Job(
            organisation=organisation,
            title=title,
            description=description,
            field=fields[slug],
            district=organisation.district,
            degree_min=degree,
            title_min=rng.choices(["", "intermediate", "associate_senior"], (80, 14, 6))[0],
            salary_min=salary_min,
            salary_max=salary_max,
            headcount=rng.choices([1, 2, 3, 5, 10], (45, 25, 15, 10, 5))[0],
            deadline=deadline,
            interview_mode=rng.choice(Job.InterviewMode.values),
            overseas_friendly=rng.random() < 0.25,
            status=status,
            published_at=published if status in ("published", "closed") else None,
            created_at=published - timedelta(days=3),
        )
        item.search_document = document_for(item)
        return item

    hidden_kinds = ["closed"] * 400 + ["draft"] * 200 + ["submitted"] * 100 + ["late"] * 259
    assert len(hidden_kinds) == HIDDEN_JOBS
    with transaction.atomic():
        Organisation.objects.bulk_create(organisations, batch_size=1000)
        organisations = list(Organisation.objects.select_related("district"))
        jobs = [job(rng.choice(organisations), None) for _ in range(OPEN_JOBS)]
        jobs += [job(rng.choice(organisations), kind) for kind in hidden_kinds]
        Job.objects.bulk_create(jobs, batch_size=1000)
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of a bulk load: the planner's statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"rows": len(jobs), "organisations": len(organisations)}


def requests_to_measure() -> tuple[list[str], list[str]]:
    """50 searches with text and two filters, 50 without text and two filters."""
    rng = random.Random(SEED + 1)
    districts = list(DISTRICT_WEIGHTS)
    seconds = [
        lambda: {"district": rng.choice(districts)},
        lambda: {"degree": rng.choice(["master", "doctor"])},
        lambda: {"salary": rng.choice([10000, 15000, 20000])},
        lambda: {"since": rng.choice(["7", "30"])},
        lambda: {"kind": rng.choice(["enterprise", "university"])},
        lambda: {"overseas": "on"},
    ]
    text = []
    for i, (query, field) in enumerate(TEXT_QUERIES):
        text.append({"q": query, "field": field, **seconds[i % len(seconds)]()})
    pairs = [
        lambda: {"field": rng.choice(list(FIELD_WEIGHTS)), "district": rng.choice(districts)},
        lambda: {"district": rng.choice(districts), "degree": rng.choice(["master", "doctor"])},
        lambda: {"field": rng.choice(list(FIELD_WEIGHTS)), "salary": 15000},
        lambda: {"kind": rng.choice(list(KIND_WEIGHTS)), "since": "7"},
        lambda: {"field": rng.choice(list(FIELD_WEIGHTS)), "overseas": "on"},
    ]
    sorts = ["", "", "salary", "deadline"]
    plain = []
    for i in range(50):
        params = pairs[i % len(pairs)]()
        if sort := sorts[i % len(sorts)]:
            params["sort"] = sort
        plain.append(params)
    base = "/zh-hans/jobs/?"
    return [base + urlencode(p) for p in text], [base + urlencode(p) for p in plain]


def measure(backend: str, rounds: int) -> dict:
    from django.db import connection
    from django.test import Client

    from yingcai.jobs.models import Job
    from yingcai.jobs.queries import open_jobs

    client = Client()
    text, plain = requests_to_measure()

    cpu: dict[str, list[float]] = {"text": [], "plain": []}

    def get(url: str, kind: str | None = None) -> float:
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        if kind:
            cpu[kind].append((time.process_time() - started_cpu) * 1000)
        return elapsed

    # What each search finds, counted once outside the timed requests.
    counts = {url: count_results(url) for url in text + plain}
    for url in text + plain:  # warm-up: connections, caches, the tokeniser's dictionary
        get(url)
    load_before = os.getloadavg()[0]
    times: dict[str, list[float]] = {"text": [], "plain": []}
    for _ in range(rounds):
        for kind, urls in (("text", text), ("plain", plain)):
            for url in urls:
                times[kind].append(get(url, kind))
    plan = ""
    if backend == "postgresql":
        plan = text_search_plan()
    result = {"open_jobs": open_jobs().count(), "plan": plan, "load": load_before}
    assert result["open_jobs"] == OPEN_JOBS and Job.objects.count() == OPEN_JOBS + HIDDEN_JOBS
    for kind, urls, label in (
        ("text", text, "text + two filters"),
        ("plain", plain, "two filters, no text"),
    ):
        samples = sorted(times[kind])
        numbers = [counts[u] for u in urls]
        result[kind] = {
            "label": label,
            "samples": len(samples),
            "queries": len(urls),
            "p50": statistics.median(samples),
            "p95": samples[max(0, round(0.95 * len(samples)) - 1)],
            "max": samples[-1],
            "cpu_p50": statistics.median(cpu[kind]),
            "median_results": int(statistics.median(numbers)),
            "empty": sum(1 for n in numbers if n == 0),
        }
    connection.close()
    return result


def count_results(url: str) -> int:
    from django.http import QueryDict

    from yingcai.core.models import DisciplineField, District
    from yingcai.jobs.forms_search import JobSearchForm
    from yingcai.jobs.queries import filter_jobs, open_jobs

    form = JobSearchForm(
        QueryDict(url.split("?", 1)[1]),
        fields=list(DisciplineField.objects.all()),
        districts=list(District.objects.all()),
    )
    return filter_jobs(open_jobs(), form.valid_data).count()


def text_search_plan() -> str:
    """How PostgreSQL answers a text search without other filters: its scans."""
    from django.db import connection

    from yingcai.jobs.queries import open_jobs
    from yingcai.jobs.search import search_jobs

    queryset = search_jobs(open_jobs(), "锂电池").order_by("-rank")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    scans = [line.strip().lstrip("-> ").split("  (")[0] for line in lines if "Scan" in line]
    return "; ".join(scans)


if __name__ == "__main__":
    sys.exit(main())
