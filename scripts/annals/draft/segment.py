"""Themes from run-in headings, items from sentences, dates as written, the year."""
from __future__ import annotations

import calendar
import re

from .clean import _RUN_IN_HEADING, squeeze_spaces
from .numerals import chinese_to_int
from .parts import DraftItem, DraftTheme

_OPEN, _CLOSE = "“《（【‘〔", "”》）】’〕"
_SPLIT_AT = "。！？；"
_BRACKET_HEADING = re.compile(r"^【([^】]{1,30})】\s*")
_CN_NUM = "[一二三四五六七八九十两]"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
DATE_PATTERN = re.compile(
    rf"(?:(?P<year>(?:19|20)\d{{2}})年)?(?P<month>{_MONTH})月(?:份|初|中旬|上旬|下旬|底|末|中|(?P<day>{_DAY})[日号])?"
    rf"|(?P<festival>六一|三八|五一|七一|八一|元旦|国庆|春节|重阳)(?:节)?期间"
)
_FESTIVAL_MONTHS = {"六一": 6, "三八": 3, "五一": 5, "七一": 7, "八一": 8, "元旦": 1, "国庆": 10}
_LEADING_WORDS = re.compile(r"^(?:同时|此外|另外|其中|年内|全年|今年|当年|并|还|又|先后|通过|经过|在此基础上|为此)[，、]?")
_YEAR_AT_START = re.compile(r"(?:^|[，。；】\s])((?:19|20)\d{2})年(?:度)?(?=[，内度是里中上下]|\d{1,2}月)")


def split_themes(paragraphs: list[str], originals: list[str] | None = None) -> list[DraftTheme]:
    """Group paragraphs under their headings; a paragraph without one continues the last theme."""
    themes: list[DraftTheme] = []
    for index, paragraph in enumerate(paragraphs):
        heading, body = split_heading(paragraph)
        original = (originals or paragraphs)[index]
        body_original = original[len(original) - len(body):] if len(original) == len(paragraph) else body
        if heading or not themes:
            themes.append(DraftTheme(heading or "概况", heading_found=bool(heading)))
        for sentence, original in split_sentences(squeeze_spaces(body), body_original):
            themes[-1].items.append(DraftItem(sentence, original))
    return [theme for theme in themes if theme.items]


def split_heading(paragraph: str) -> tuple[str | None, str]:
    """(heading, body): 【heading】, a run-in heading before a space, or a short first sentence."""
    match = _BRACKET_HEADING.match(paragraph) or _RUN_IN_HEADING.match(paragraph)
    if match:
        return squeeze_spaces(match.group(1)), paragraph[match.end():]
    first = re.match(r"^([^，。；：、！？“”（）\d]{4,20})。(?=.)", paragraph)
    if first:
        return first.group(1), paragraph[first.end():]
    return None, paragraph


def split_sentences(text: str, original: str) -> list[tuple[str, str]]:
    """Sentences and clause groups (split at 。！？；outside quotes and brackets), each with its original wording."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char in _SPLIT_AT and depth == 0:
            pieces.append(text[start:index + 1])
            start = index + 1
    pieces.append(text[start:])
    merged: list[str] = []
    for piece in (part.strip() for long in pieces for part in in_chunks(long)):
        if merged and len(re.sub(r"\W", "", piece)) < 6:
            merged[-1] += piece
        elif piece:
            merged.append(piece)
    same = squeeze_spaces(original) if len(squeeze_spaces(original)) == len(text) else text
    out, offset = [], 0
    for sentence in merged:
        at = text.find(sentence, offset)
        out.append((sentence, same[at:at + len(sentence)] if at >= 0 else sentence))
        offset = max(offset, at + len(sentence))
    return out


def in_chunks(piece: str, size: int = 1000) -> list[str]:
    """A run-on piece without sentence ends, cut at commas into chunks an item can hold."""
    if len(piece) <= size:
        return [piece]
    cut = piece.rfind("，", 0, size)
    cut = cut + 1 if cut > size // 2 else size
    return [piece[:cut], *in_chunks(piece[cut:], size)]


def find_date(sentence: str, year: int) -> tuple[str | None, str | None]:
    """(date, as written) of the first date in a sentence: 11月中旬 -> 2011-11."""
    for match in DATE_PATTERN.finditer(sentence):
        if match.group("festival"):
            month = _FESTIVAL_MONTHS.get(match.group("festival"))
            return (f"{year}-{month:02d}" if month else None), match.group(0)
        if is_range_end(sentence, match.start()):
            continue
        return date_value(match, year), match.group(0)
    return None, None


def is_range_end(sentence: str, start: int) -> bool:
    """True for the month of a 3~5月 range's second half, or 1个月 (a duration)."""
    return start > 0 and sentence[start - 1] in "~至到-—个"


def date_value(match: re.Match, year: int) -> str | None:
    """YYYY-MM or YYYY-MM-DD from a matched date."""
    year = int(match.group("year") or year)
    month = number_of(match.group("month"))
    if not 1 <= month <= 12 or not 1949 <= year <= 2100:
        return None
    day = number_of(match.group("day")) if match.group("day") else None
    if day and 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{year}-{month:02d}"


def number_of(text: str) -> int:
    """An Arabic or Chinese small number."""
    return int(text) if text.isdigit() else (chinese_to_int(text) or 0)


def draft_title(sentence: str) -> str:
    """A short title: the first clause, without a leading date or connective."""
    text = re.sub(r"^[（(][^）)]*[）)]", "", sentence)
    date = DATE_PATTERN.match(text)
    if date:
        text = text[date.end():].lstrip("，、")
    text = re.sub(r"^(?:19|20)\d{2}年度?[，、]?", "", text)
    text = _LEADING_WORDS.sub("", text)
    clause = re.split(r"[，；。！？：]", text, maxsplit=1)[0].strip() or sentence
    return clause if len(clause) <= 24 else clause[:24] + "……"


def detect_year(text: str) -> tuple[int | None, list[int]]:
    """(year, candidates): the year a text is about when only one is written the way an entry starts."""
    at_start = sorted({int(year) for year in _YEAR_AT_START.findall(text)})
    if len(at_start) == 1:
        return at_start[0], at_start
    mentioned = sorted({int(year) for year in re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年", text)})
    return None, at_start or mentioned
