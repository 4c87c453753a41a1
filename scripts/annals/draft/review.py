"""The review marks: what an editor should check on each drafted record, in Chinese."""
from __future__ import annotations

from .parts import Draft, DraftHonor, DraftItem, DraftPlan, DraftProgramme, DraftTheme, DraftUnit

LEVEL_NAMES = {"national": "国家级", "provincial": "省级", "municipal": "市级", "county": "县级", "other": "其他"}


def joined(parts: list[str]) -> str:
    """Review notes as one line."""
    return "；".join(part for part in parts if part)


def year_review(draft: Draft) -> str:
    """The mark on the year's record."""
    notes = [f"由 annals draft 从年鉴条目起草（{len(draft.themes)} 个主题、{len(draft.items)} 个事项）；请写一段全年概述（summary），逐个核对主题和事项"]
    if draft.traditional:
        notes.append("原文为繁体字，已转换为简体；各事项的审核说明里保留了原文写法")
    return joined(notes)


def theme_review(theme: DraftTheme) -> str:
    """The mark on a theme."""
    if theme.heading_found:
        return f"主题名取自段首标题“{theme.title}”；请改成简短的主题名，确认编号"
    return "这一段没有段首标题，主题名“概况”是暂定的；请改名或把事项并入其他主题"


def item_review(item: DraftItem, draft: Draft) -> str:
    """The mark on an item: title, summary, each figure and anything left out."""
    notes = ["标题是从原句摘取的，简介是原句；请改写成自己的话"]
    if item.figures:
        shown = "、".join(figure_text(figure) for figure in item.figures)
        notes.append(f"核对 {len(item.figures)} 个数字的数值、单位和统计内容：{shown}")
    guessed = [figure.as_written or f"{figure.value}{figure.magnitude or ''}{figure.unit}" for figure in item.figures if figure.label_guessed]
    if guessed:
        notes.append(f"这些数字统计的是什么没有找准，请补写 label：{'、'.join(guessed)}")
    if item.honors:
        notes.append(f"这一句提到的荣誉：{'、'.join(item.honors)}（见 honors/）")
    if item.date_as_written:
        notes.append(f"日期按原文“{item.date_as_written}”推定为 {item.date or '（无法推定）'}")
    notes.extend(item.notes)
    if draft.traditional and item.original != item.sentence:
        notes.append(f"繁体原文：{item.original}")
    return joined(notes)


def figure_text(figure) -> str:
    """A figure as the editor will recognise it in the sentence."""
    written = f"{figure.value}{figure.magnitude or ''}{figure.qualifier or ''}{figure.unit}"
    return f"{written}（{figure.label}）"


def honor_review(honor: DraftHonor) -> str:
    """The mark on an honor."""
    notes = [f"荣誉名称取自原句；级别推定为{LEVEL_NAMES[honor.level]}"]
    if honor.level == "other":
        notes.append("从名称和授予机关看不出级别，请填写 level")
    if not honor.conferrer:
        notes.append("原文没有写授予机关，如知道请补上 conferrer")
    notes.extend(honor.notes)
    return joined(notes)


def unit_review(unit: DraftUnit) -> str:
    """The mark on a department or unit."""
    return joined([f"类别推定为{unit.kind}", "请确认规格和人员数" if unit.rank or unit.staff_count else "请补上规格（如知道）", *unit.notes])


def plan_review(plan: DraftPlan) -> str:
    """The mark on a plan or document."""
    notes = [f"类别推定为{plan.kind}"]
    if plan.doc_number:
        notes.append(f"文号 {plan.doc_number} 取自同一句，请确认属于这份文件")
    if not plan.issuer:
        notes.append("请补上发布机关（issuer）")
    return joined(notes + plan.notes)


def programme_review(programme: DraftProgramme) -> str:
    """The mark on a programme."""
    return joined([f"新的工作品牌，类别推定为{programme.kind}；如与已有品牌是同一项工作，请删除这个文件并改用已有编号", *programme.notes])


def source_review(draft: Draft) -> str:
    """The mark on the entry's source."""
    notes = ["请补上出版物（publication）、出版年和出版者"]
    if not draft.source.compiler:
        notes.append("原文末尾没有找到撰稿人，如知道请补上 compiler")
    return joined(notes)
