"""Honors: title, level, conferrer, month, new or retained, recipient; lists sharing a prefix or suffix."""
from __future__ import annotations

import re

from .parts import DraftHonor
from .segment import DATE_PATTERN, date_value

TRIGGER = re.compile(r"(?:先后|相继|分别|连续\S{0,3}|再次|又)?(?:荣获|获评|被评为|被授予|被命名为|被确定为|评为|授予|命名为|保持了?|蝉联|获得了?|获)")
STRONG = ("荣获", "获评", "评为", "授予", "命名为", "保持", "蝉联")
CONFERRER = re.compile(r"被(?P<who>[^，。；]{2,30}?)(?:授予|评为|命名为|确定为|表彰为|认定为)")
HONOR_WORDS = re.compile(r"先进|优秀|示范|文明|模范|标兵|奖|称号|十佳|十大|最佳|红旗|明星|荣誉|中心组|党组织|集体|单位|能手|巾帼建功|达标|工作者|慈善家|之星")
SUFFIX = re.compile(r"(先进(?:基层)?(?:集体|单位|个人|组织|工作者|协调组织|市|县|区)|示范(?:点|单位|基地|站|区)|文明(?:单位|机关|家庭|社区|村)|标兵|模范|(?:优秀|最佳)?[^、]{0,4}奖|称号)$")
COMPLETE = re.compile(r"(?:岗|集体|单位|组织|中心组|奖|称号|标兵|模范|能手|工作者|家庭|示范点|基地|之星|明星|红旗手|个人|机关|先进[市县区]|慈善家)”?$")
LEVEL_ONLY = re.compile(r"^(?:全国|全省|省级?|全市|市级?|县级?|区级?|[\u4e00-\u9fff]{2,3}[省市县区])$")
TAIL = re.compile(r"(?:等)?(?:\d+|[一二三四五六七八九十]+)?多?(?:项|个)?(?:荣誉称号|光荣称号|荣誉|称号|奖项|殊荣)?$")
PROVINCES = "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆"
LEVEL_PREFIXES = [
    ("national", re.compile(r"^(?:全国|国家|中国|中华|中央)")),
    ("provincial", re.compile(rf"^(?:全省|省|(?:{PROVINCES})(?:省|市|自治区)?)")),
    ("municipal", re.compile(r"^(?:全市|市|[\u4e00-\u9fff]{2,3}市)")),
    ("county", re.compile(r"^(?:全县|全区|县|区|[\u4e00-\u9fff]{2,3}[县区])")),
]
CONFERRER_LEVELS = [
    ("national", re.compile(r"中共中央|国务院|全国|中华|中国|中央|团中央|中残联|国家")),
    ("provincial", re.compile(rf"省|{PROVINCES}")),
    ("municipal", re.compile(r"市")),
    ("county", re.compile(r"县|区")),
]
_OPEN, _CLOSE = "“《（", "”》）"


def find_honors(sentence: str, year: int) -> list[DraftHonor]:
    """Every honor named in a sentence."""
    honors: list[DraftHonor] = []
    subject, last = None, None
    for clause in split_outside_quotes(sentence, "，；。"):
        found, subject = honors_in_clause(clause, sentence, year, subject)
        if not found and last and not TRIGGER.search(clause):
            found = continued_list(clause, last)
        honors.extend(found)
        last = found[-1] if found else None
    return honors + commendations(sentence, year)


COMMENDATION = re.compile(r"受到(?:了)?(?P<who>[^，。；、]{2,20}?)(?:的)?(?:通报)?(?:表彰|表扬|嘉奖)")


def commendations(sentence: str, year: int) -> list[DraftHonor]:
    """受到省妇联表彰: a commendation without a title of its own, drafted as one and flagged."""
    honors = []
    for match in COMMENDATION.finditer(sentence):
        who = match.group("who")
        honor = DraftHonor(f"{who}表彰", level_of("", who), sentence, who, month_in(sentence[: match.start()], year))
        honor.notes.append(f"原文只写“{match.group(0)}”，没有荣誉名称；请补写 title，或删除这个文件")
        honors.append(honor)
    return honors


def continued_list(clause: str, last: DraftHonor) -> list[DraftHonor]:
    """获得A，B、C等称号: a list of honors that runs on past a comma."""
    titles = honor_titles(clause)
    if not titles or not all(COMPLETE.search(TAIL.sub("", title)) for title in titles):
        return []
    return [DraftHonor(title, level_of(title, last.conferrer), last.sentence, last.conferrer, last.month, last.status, last.recipient_name) for title in titles]


def honors_in_clause(clause: str, sentence: str, year: int, subject: str | None) -> tuple[list[DraftHonor], str | None]:
    """The honors of one clause, and the recipient named so far in the sentence."""
    trigger = TRIGGER.search(clause)
    if not trigger:
        return [], subject
    before = clause[:trigger.start()]
    conferrer = CONFERRER.search(clause)
    who = recipient_in(before[: conferrer.start()] if conferrer and conferrer.start() < trigger.start() else before) or subject
    titles = honor_titles(clause[trigger.end():])
    strong = any(word in trigger.group(0) for word in STRONG)
    if not titles or not (strong or any(HONOR_WORDS.search(title) for title in titles)):
        return [], who
    month = month_in(clause, year)
    status = "retained" if re.search("保持|蝉联", trigger.group(0)) else "new"
    by = conferrer.group("who") if conferrer else None
    honors = [DraftHonor(title, level_of(title, by), sentence, by, month, status, who) for title in titles]
    return honors, who


def honor_titles(text: str) -> list[str]:
    """Titles from the words after a trigger: 山东省A、B、C先进集体称号 -> three titles."""
    text = text.lstrip("了为").strip()
    text = TAIL.sub("", text).strip()
    if not text or len(text) < 3:
        return []
    pieces = [strip_quotes(piece) for piece in split_outside_quotes(text, "、") if piece.strip()]
    pieces = [part for piece in pieces for part in split_at_and(piece)]
    pieces = share_level_words(pieces)
    pieces = share_suffix(pieces)
    pieces = share_prefix(pieces)
    return [piece for piece in pieces if len(piece) >= 3 and len(piece) <= 60]


def split_outside_quotes(text: str, marks: str) -> list[str]:
    """Split text at any of marks, but not inside quotes or brackets."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char in marks and depth == 0:
            pieces.append(text[start:index])
            start = index + 1
    pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()]


def split_at_and(piece: str) -> list[str]:
    """市A集体和县B单位: two honors when a complete title is followed by one with its own level."""
    for match in re.finditer(r"和|及|以及", piece):
        left, right = piece[:match.start()], piece[match.end():]
        if COMPLETE.search(left) and level_by_title(right):
            return [left, *split_at_and(right)]
    return [piece]


def strip_quotes(piece: str) -> str:
    """A title without quotes around the whole of it."""
    piece = piece.strip()
    if piece.startswith("“") and piece.endswith("”") and piece.count("“") == 1:
        return piece[1:-1]
    return piece


def share_level_words(pieces: list[str]) -> list[str]:
    """省、市巾帼示范岗: a bare level word takes the rest of the next title."""
    out = list(pieces)
    for index in range(len(out) - 2, -1, -1):
        if LEVEL_ONLY.match(out[index]):
            rest = LEVEL_PREFIXES_ANY.sub("", out[index + 1], count=1)
            out[index] = out[index] + rest
    return out


LEVEL_PREFIXES_ANY = re.compile(r"^(?:全国|全省|省级?|全市|市级?|县级?|区级?)")


def share_suffix(pieces: list[str]) -> list[str]:
    """A、B、C先进集体: titles without an honor word of their own take the last one's ending."""
    if len(pieces) < 2:
        return pieces
    match = SUFFIX.search(pieces[-1])
    if not match:
        return pieces
    ending = match.group(1)
    return [piece if COMPLETE.search(piece) else piece + ending for piece in pieces[:-1]] + [pieces[-1]]


def share_prefix(pieces: list[str]) -> list[str]:
    """山东省A、B: titles after the first without a level word take the first one's place name."""
    if len(pieces) < 2:
        return pieces
    prefix = re.match(rf"^(?:(?:{PROVINCES})省|[\u4e00-\u9fff]{{2,3}}市(?!直))", pieces[0])
    if not prefix:
        return pieces
    return [pieces[0]] + [piece if level_by_title(piece) else prefix.group(0) + piece for piece in pieces[1:]]


def recipient_in(text: str) -> str | None:
    """The unit named before the trigger, if any (the federation itself when none)."""
    text = DATE_PATTERN.sub("", text)
    text = re.sub(r"(?:先后|相继|分别|连续|再次|又|还|并|均|都|已|也|年内|同年|全年|当年|其中)", "", text).strip("，、 ")
    if len(text) < 2 or not re.search(r"[\u4e00-\u9fff]", text):
        return None
    return text[-30:]


def month_in(clause: str, year: int) -> int | None:
    """The month given in the clause, if any."""
    match = DATE_PATTERN.search(clause)
    if match and not match.group("festival") and not match.group("year"):
        value = date_value(match, year)
        return int(value[5:7]) if value else None
    return None


def level_by_title(title: str) -> str | None:
    """national, provincial, municipal or county from the start of a title."""
    for level, pattern in LEVEL_PREFIXES:
        if pattern.match(title):
            return level
    return None


def level_of(title: str, conferrer: str | None) -> str:
    """The level from the title, else from the conferring body, else other."""
    found = level_by_title(re.sub(r"^(?:19|20)\d{2}年度?", "", title))
    if found:
        return found
    for level, pattern in CONFERRER_LEVELS:
        if conferrer and pattern.search(conferrer):
            return level
    return "other"
