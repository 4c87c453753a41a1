"""Figures in a sentence: value, magnitude, qualifier, unit, and the thing counted."""
from __future__ import annotations

import re
from decimal import Decimal

from .numerals import CHINESE_NUMERAL, chinese_to_int
from .parts import DraftFigure

UNITS = sorted(
    """周年 人次 户次 场次 批次 期次 架次 个百分点 百分点 平方公里 平方米 公里 千米 千克 公斤 公顷 个月 大类
    个 名 人 位 家 户 处 支 件 份 场 次 期 项 天 年 所 座 间 条 篇 部 台 辆 套 批 对 例 起 只 头 册 本 张 幅
    首 幢 栋 类 种 元 美元 块 棵 株 床 盏 小时 周 岁 倍 亩 吨 米 斤 箱 袋 盒 % ‰""".split(),
    key=len,
    reverse=True,
)
_PRE = "将近|接近|大约|超过|不少于|至少|不足|近|约|逾"
_ARABIC = r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
FIGURE = re.compile(
    rf"(?P<pre>{_PRE})?(?P<num>{_ARABIC}|{CHINESE_NUMERAL})(?P<mag>[万亿千](?![米克瓦]))?(?P<post>余|多)?(?P<mag2>[万亿])?"
    rf"(?P<unit>{'|'.join(re.escape(unit) for unit in UNITS)})?(?P<after>以上|左右)?"
)
PERCENT_WORDS = re.compile(rf"百分之(?P<num>{_ARABIC}|[零一二两三四五六七八九十]+)")
NAMED_COUNT = re.compile(r"(?P<num>[二两三四五六七八九十]{1,2})大(?P<thing>工程|行动|活动|任务|体系|板块|产业|项目|基地|战略|品牌|工作)")
STRUCTURE = re.compile(r"(?:内设|下设|设有|设)(?P<num>\d{1,2}|[一二两三四五六七八九十]{1,2})(?P<unit>[部室处科])(?:(?P<num2>\d{1,2}|[一二两三四五六七八九十]{1,2})(?P<unit2>[部室处科]))?")
RANGE_SEPARATOR = re.compile(r"^[~\-—–至到]$")
QUALIFIERS = {"近": "近", "将近": "近", "接近": "近", "约": "约", "大约": "约", "左右": "约", "余": "余", "逾": "余",
              "多": "多", "以上": "以上", "超过": "以上", "不少于": "以上", "至少": "以上"}
# Words after which the counted thing starts (looking backwards from the number).
VERBS = re.compile(
    "提供|组织|举办|开展|培训|发放|评出|评选出|募集|救助|筹集|投资|投入|新建|建成|建立|建设|安置|达成|接待|印发|召开|参加|参与|"
    "走访|慰问|资助|帮助|兴办|创办|选派|发展|完成|拿出|播放|展出|赠送|解决|支出|命名|挂牌|新增|实现|培养|配备|发稿|帮扶|争取|"
    "受理|调解|办理|推荐|表彰|吸纳|带动|招聘|举行|设立|成立|覆盖|联系|惠及|涉及|编印|制作|征集|收到|捐赠|捐助|落实|签订|"
    "扶持|扶助|转移|安排|出动|看望|结对|认定|审批|录用|聘请|达到|共有|拥有|设有|现有|下辖|包括|培训了|举办了|组织了|开办|"
    "评选|选树|表彰了|发放了|赠送了|为期|累计|共计|合计|总计|其中|全年|共|有|为|达|是|占|计|向|对|给|帮|配|给予"
)
_TRAILING = re.compile(r"(?:达到|达|为|共|计|有|是|约|近|共计|合计|累计|总计|分别|已|了|等)+$")
_FORWARD_STOP = re.compile(r"[，。；：、！？（）“”《》]|在|于|到|和|及|与|的|参加|提供|达成|上岗|被|获得|受到|分别|共|全部|进行|开展|接受|实现|参与|得到")
_DELIMITERS = "，。；：、！？（【~"


def find_figures(sentence: str) -> tuple[list[DraftFigure], list[str]]:
    """The figures of a sentence and notes on numbers deliberately left out."""
    masked = mask_quoted(sentence)
    found, notes = [], []
    matches = list(FIGURE.finditer(masked))
    previous_end = 0
    for index, match in enumerate(matches):
        figure = figure_from(match, masked, matches[index + 1] if index + 1 < len(matches) else None, notes)
        if figure is not None:
            figure.label, figure.label_guessed = find_label(sentence, masked, match.start(), match.end(), previous_end)
            found.append(figure)
            previous_end = match.end()
    found.extend(percent_words(sentence, masked))
    found.extend(named_counts(masked))
    found.extend(structure_counts(masked))
    found = share_listed_labels(found, sentence, masked)
    notes = once_per_anniversary(found, notes)
    return sorted(found, key=lambda figure: figure.start), notes


def once_per_anniversary(found: list[DraftFigure], notes: list[str]) -> list[str]:
    """An anniversary (建党90周年) is kept once per sentence, as the occasion it names."""
    seen = set()
    for figure in list(found):
        if figure.unit != "周年":
            continue
        if figure.value in seen:
            found.remove(figure)
            continue
        seen.add(figure.value)
        occasion = re.search(r"(?:建党|建国|建军|成立|诞辰|建会|建校|[\u4e00-\u9fff]{2})$", figure.label or "")
        occasion_text = occasion.group(0) if occasion else ""
        figure.label = f"{occasion_text}周年"
        notes.append(f"“{occasion_text}{figure.value}周年”是纪念年数，不是统计数字，已写在 occasion（纪念的事件）里；请写全事件名称，例如 中国共产党成立{figure.value}周年")
    return notes


def take_anniversaries(found: list[DraftFigure]) -> tuple[list[DraftFigure], str | None]:
    """The figures that count something, and the first anniversary as an occasion (建党90周年)."""
    counts = [figure for figure in found if figure.unit != "周年"]
    anniversaries = [figure for figure in found if figure.unit == "周年"]
    if not anniversaries:
        return counts, None
    first = anniversaries[0]
    return counts, f"{first.label.removesuffix('周年')}{first.value}周年"


def named_counts(masked: str) -> list[DraftFigure]:
    """六大工程: a count of named things, as 6 项."""
    figures = []
    for match in NAMED_COUNT.finditer(masked):
        value = chinese_to_int(match.group("num"))
        if value:
            figures.append(DraftFigure(Decimal(value), "项", match.group(0), match.start(), label=match.group("thing")))
    return figures


def structure_counts(masked: str) -> list[DraftFigure]:
    """内设4部2室: counts of departments and offices, as 个."""
    figures = []
    for match in STRUCTURE.finditer(masked):
        for number, unit in ((match.group("num"), match.group("unit")), (match.group("num2"), match.group("unit2"))):
            if number:
                value = int(number) if number.isdigit() else chinese_to_int(number)
                if value:
                    figures.append(DraftFigure(Decimal(value), "个", f"{number}{unit}", match.start(), label=f"内设{unit}"))
    return figures


def share_listed_labels(found: list[DraftFigure], sentence: str, masked: str) -> list[DraftFigure]:
    """答复满意率、回访满意率100%: one number for two listed things is two figures."""
    out = []
    for figure in found:
        clause_start = sentence.rfind(figure.label, 0, figure.start) if figure.label else -1
        if clause_start > 0 and masked[clause_start - 1] == "、" and not figure.label_guessed:
            left = max(masked.rfind(mark, 0, clause_start - 1) for mark in "，。；：！？、") + 1
            other = tidy(sentence[left:clause_start - 1])
            if 2 <= len(other) <= 12 and other[-1] == figure.label[-1] and other[-1] in "率数额量":
                out.append(DraftFigure(figure.value, figure.unit, figure.as_written, figure.start, figure.magnitude, figure.qualifier, figure.qualifier_written, other))
        out.append(figure)
    return out


def mask_quoted(sentence: str) -> str:
    """The sentence with text inside “” and 《》 replaced by a neutral character (names, not counts)."""
    out, depth = [], 0
    for char in sentence:
        if char in "“《":
            depth += 1
            out.append(char)
        elif char in "”》":
            depth = max(0, depth - 1)
            out.append(char)
        else:
            out.append("□" if depth else char)
    return "".join(out)


def figure_from(match: re.Match, text: str, following: re.Match | None, notes: list[str]) -> DraftFigure | None:
    """A figure from one match, or None for years, dates, ordinals, names and codes."""
    number, unit = match.group("num"), match.group("unit")
    start, end = match.start(), match.end()
    if is_not_a_count(match, text, notes):
        return None
    magnitude = match.group("mag") or match.group("mag2")
    if unit is None:
        borrowed = range_partner(match, text, following)
        if borrowed is None:
            return None
        unit, magnitude = borrowed.group("unit"), magnitude or borrowed.group("mag") or borrowed.group("mag2")
    value, magnitude, plain = number_value(number, magnitude)
    if value is None:
        return None
    written = match.group("pre") or match.group("post") or match.group("after")
    figure = DraftFigure(value, unit, text[start:end][:100], start, magnitude, QUALIFIERS.get(written or ""), written)
    if not plain or written in ("超过", "左右", "逾", "不少于", "至少", "将近", "接近", "大约"):
        figure.as_written = text[start:end][:100]
    else:
        figure.as_written = ""
    return figure


def is_not_a_count(match: re.Match, text: str, notes: list[str]) -> bool:
    """Years, dates, ordinals, anniversaries, names with numbers, codes and lone 一."""
    number, unit, start, end = match.group("num"), match.group("unit"), match.start("num"), match.end()
    before, after = text[max(0, start - 1):start], text[end:end + 2]
    if before in ("第", "届") and before or before in "[〔□.-/" and before or (before and before.isascii() and before.isalnum()):
        return True
    if unit is None:
        return False
    if unit == "年" and (after.startswith("代") or (number.isdigit() and int(number) >= 1900)):
        return True
    if unit in "部室处科" and re.search(r"(?:内设|下设|设有|设)$", text[max(0, start - 2):start]):
        return True
    if unit == "岁" and (match.group("after") or after.startswith("以下")):
        return True
    if not number.isascii() and (number in ("一", "万", "亿") or chinese_to_int(number) is None):
        return True
    return False


def range_partner(match: re.Match, text: str, following: re.Match | None) -> re.Match | None:
    """For the first half of a range (1~5万元), the second half, whose unit it shares."""
    if following is None or following.group("unit") is None:
        return None
    between = text[match.end():following.start()]
    return following if RANGE_SEPARATOR.match(between) else None


def number_value(number: str, magnitude: str | None) -> tuple[Decimal | None, str | None, bool]:
    """(value, magnitude, written plainly) of an Arabic or Chinese number."""
    if number.isascii():
        digits = re.sub(r"[ ,]", "", number)
        value = Decimal(digits)
        return value, magnitude, digits == number
    whole = chinese_to_int(number)
    if whole is None:
        return None, None, False
    for big, factor in (("亿", 10**8), ("万", 10**4)):
        if magnitude is None and number.endswith(big) and whole % factor == 0 and whole >= factor:
            return Decimal(whole // factor), big, False
    if magnitude == "千" and whole < 10:
        return Decimal(whole), "千", False
    return Decimal(whole), magnitude, False


def percent_words(sentence: str, masked: str) -> list[DraftFigure]:
    """百分之九十 as a percentage."""
    figures = []
    for match in PERCENT_WORDS.finditer(masked):
        number = match.group("num")
        value = Decimal(number) if number.isascii() else chinese_to_int(number)
        if value is not None:
            label, guessed = find_label(sentence, masked, match.start(), match.end(), 0)
            figures.append(DraftFigure(Decimal(value), "%", match.group(0), match.start(), label=label, label_guessed=guessed))
    return figures


def find_label(sentence: str, masked: str, start: int, end: int, previous_end: int) -> tuple[str, bool]:
    """(label, guessed): what is counted, backwards before the number, else forwards after the unit."""
    backward = label_before(sentence, masked, start, previous_end)
    if len(backward) >= 2:
        return backward, False
    forward = label_after(sentence, end)
    if len(forward) >= 1 and not (len(forward) == 1 and forward in "个名人"):
        return forward, False
    clause = clause_around(sentence, start, end)
    return clause or "（待填写）", True


def label_before(sentence: str, masked: str, start: int, previous_end: int) -> str:
    """The noun phrase between the last verb (or clause start, or the figure before) and the number."""
    clause_start = max(previous_end, max(masked.rfind(mark, 0, start) for mark in _DELIMITERS) + 1)
    clause = masked[clause_start:start]
    clause = re.sub(f"(?:{_PRE})$", "", clause)
    cuts = [verb.end() for verb in VERBS.finditer(clause)]
    phrase = ""
    for cut in reversed(cuts or [0]):
        phrase = sentence[clause_start + cut:clause_start + len(clause)]
        phrase = tidy(re.sub(r"^(?:以及|和|及|与|、)", "", _TRAILING.sub("", phrase).lstrip("了着过的")))
        if len(phrase) != 1:  # nothing left: look forwards; one character (培训班 cut at 培训): an earlier verb
            return phrase
    return phrase


def label_after(sentence: str, end: int) -> str:
    """The noun phrase right after the unit, up to a verb or punctuation."""
    rest = sentence[end:end + 16].lstrip("的")
    stop = _FORWARD_STOP.search(rest)
    return tidy(rest[: stop.start()] if stop else rest)


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause holding the number, without the number, as a last resort."""
    left = max(sentence.rfind(mark, 0, start) for mark in "，。；：！？") + 1
    rights = [index for index in (sentence.find(mark, end) for mark in "，。；：！？") if index >= 0]
    right = min(rights) if rights else len(sentence)
    return tidy((sentence[left:start] + sentence[end:right])[:30])


def tidy(phrase: str) -> str:
    """A label: no surrounding spaces, brackets or stray punctuation."""
    phrase = phrase.strip(" ，、；：。（）")
    phrase = re.sub(r"^(?:各类|各种|全市|共|全年|其中|并|还|又|先后|已|都|均)(?=..)", "", phrase) if len(phrase) > 4 else phrase
    return phrase[:40]
