"""Departments and units, plans and documents, and named programmes."""
from __future__ import annotations

import re

from .figures import FIGURE
from .numerals import chinese_to_int
from .parts import DraftPlan, DraftProgramme, DraftUnit
from .segment import find_date

UNIT_LIST = re.compile(r"(?P<verb>内设|下设|设有|下辖|直属)(?:[^，。；：]{0,12}?[，：]?即|[^，。；、]{0,8}?[，：])?(?P<list>[^，。；]+)")
UNIT_NAME = re.compile(r"^(?P<name>[\u4e00-\u9fff“”]{2,24}?(?:办公室|部|室|处|科|中心|协会|学会|联谊会|会|站|所|队|馆|院|校))(?:（(?P<note>[^）]*)）)?$")
RANKS = ("正县级", "副县级", "正科级", "副科级")
STAFF = re.compile(r"^(?:共有|现有|有)?(?:人员|工作人员|干部职工|职工|编制)(?:共)?(?P<count>\d+|[一二三四五六七八九十]+)[名人]$")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[【（(](?:19|20)\d{2}[〕\]】）)]\d{1,4}号")
DOC_WORDS = "规划纲要|发展纲要|纲要|规划|倡议书|读本|意见|通知|办法|方案|规定|决定|条例|实施细则|细则|标准|制度|报告|纪要|手册|指南|公约|计划|决议|通告|章程"
PLAN_AFTER = re.compile(rf"^(?:“[^”]{{1,20}}”)?(?:{DOC_WORDS})")
PLAN_TITLE = re.compile(r"《([^《》]{2,60})》")
ISSUER = re.compile(r"(?:由|经)?(?P<issuer>[\u4e00-\u9fff]{0,8}?(?:人民政府|政府|党委|市委|县委|区委|委员会|办公室|办公厅|妇联|总工会|残联|团委|人大常委会|政协)(?:[、和][\u4e00-\u9fff]{0,8}?(?:人民政府|政府|市委|县委|区委|委员会|办公室|办公厅|妇联))?)(?:联合)?(?:印发|发布|颁布|下发|出台|发出)(?:了)?《")
PERIODS = {"十五": (2001, 2005), "十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
PROGRAMME = re.compile(r"“(?P<name>[^“”]{2,16})”(?P<kind>活动|工程|计划|行动|服务品牌|品牌|热线|项目|救助|评选)")
PROGRAMME_KINDS = {"活动": "品牌活动", "品牌": "品牌活动", "服务品牌": "品牌活动", "工程": "工程项目", "计划": "工程项目", "行动": "品牌活动",
                   "项目": "工程项目", "热线": "服务平台", "救助": "救助项目", "评选": "评选创建"}


def find_units(sentence: str, start_order: int) -> list[DraftUnit]:
    """Departments listed after 内设/下辖 and the like, with ranks and staff counts."""
    units: list[DraftUnit] = []
    for match in UNIT_LIST.finditer(sentence):
        listed = units_in_list(match.group("list"), match.group("verb"), start_order + len(units))
        following = re.match(r"^，([^，。；]+)", sentence[match.end():])
        staff = STAFF.match(following.group(1).strip()) if following else None
        if staff and len(listed) == 1 and match.group("verb") in ("下辖", "直属"):
            count = staff.group("count")
            listed[0].staff_count = int(count) if count.isdigit() else chinese_to_int(count)
        units.extend(listed)
    return units


def units_in_list(text: str, verb: str, order: int) -> list[DraftUnit]:
    """Unit names separated by 、 (and 和), each with an optional bracketed rank."""
    units = []
    for piece in re.split(r"、|和(?=[\u4e00-\u9fff]{2,}(?:部|室|中心))", text):
        match = UNIT_NAME.match(piece.strip())
        if not match:
            break
        note = match.group("note") or ""
        rank = next((rank for rank in RANKS if rank in note), None)
        units.append(DraftUnit(match.group("name"), unit_kind(match.group("name"), verb, note), order + len(units) + 1, rank))
    return units


def unit_kind(name: str, verb: str, note: str) -> str:
    """内设部室, 议事协调机构办事机构, 直属事业单位 or 联系组织."""
    if "委员会办公室" in name or "工委办" in name:
        return "议事协调机构办事机构"
    if name.endswith(("协会", "学会", "联谊会", "促进会")):
        return "联系组织"
    if verb in ("下辖", "直属") or "事业单位" in note and not name.endswith(("部", "室")):
        return "直属事业单位"
    return "内设部室"


def find_plans(sentence: str, year: int) -> list[DraftPlan]:
    """Documents named with 《》 that look like plans, documents or readers; numbers and dates from the sentence."""
    plans = []
    numbers = [re.sub(r"^.*(?:以|于|按|据|经|了|的|月初|月底|月)", "", number) for number in DOC_NUMBER.findall(sentence)]
    date, written = find_date(sentence, year)
    for match in PLAN_TITLE.finditer(sentence):
        title = match.group(1).strip()
        after = PLAN_AFTER.match(sentence[match.end():])
        full = title + (after.group(0) if after and not title.endswith(after.group(0)) else "")
        kind = plan_kind(full)
        if kind is None:
            continue
        plan = DraftPlan(full, kind, sentence, numbers[0] if len(numbers) == 1 or numbers else None)
        plan.issued, plan.issued_as_written = (date, written) if written else (None, None)
        plan.period = plan_period(full)
        issuers = [found for found in ISSUER.finditer(sentence[: match.start() + 1]) if found.end() == match.start() + 1]
        plan.issuer = issuers[-1].group("issuer") if issuers else None
        plans.append(plan)
    return plans


def plan_kind(title: str) -> str | None:
    """The kind of a document by its title's ending; None for books, papers and songs."""
    if re.search(r"(?:规划|纲要)$", title):
        return "发展规划"
    if title.endswith("倡议书"):
        return "倡议书"
    if title.endswith("读本"):
        return "读本"
    if re.search(rf"(?:{DOC_WORDS})$", title):
        return "文件"
    return None


def plan_period(title: str) -> tuple[int, int] | None:
    """The years a plan covers: “十二五” or 2011~2015年."""
    quoted = re.search(r"“?(十[一二三四五]?五)”?", title)
    if quoted and quoted.group(1) in PERIODS:
        return PERIODS[quoted.group(1)]
    span = re.search(r"((?:19|20)\d{2})\s*[~\-—至到]\s*((?:19|20)\d{2})", title)
    if span and int(span.group(1)) <= int(span.group(2)):
        return int(span.group(1)), int(span.group(2))
    return None


def find_programmes(sentence: str) -> list[DraftProgramme]:
    """Quoted names of recurring work: “春风送岗”活动 -> 春风送岗."""
    found = []
    for match in PROGRAMME.finditer(sentence):
        name = match.group("name")
        if FIGURE.fullmatch(name):
            continue
        found.append(DraftProgramme(name, PROGRAMME_KINDS[match.group("kind")]))
    return found
