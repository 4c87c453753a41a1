"""The closing summary of a draft run, in Chinese."""
from __future__ import annotations

from pathlib import Path

from .parts import Draft


def summary_lines(draft: Draft, written: list[Path], shown_out: str, work_exists: bool) -> list[str]:
    """What was drafted, what was linked, and where a human eye is needed."""
    dates = sum(1 for item in draft.items if item.date_as_written)
    lines = [
        f"已起草 {draft.year} 年：{len(draft.themes)} 个主题、{len(draft.items)} 个事项、{len(draft.figures)} 个数字、"
        f"{len(draft.honors)} 项荣誉、{len(draft.units)} 个部门和单位、{len(draft.plans)} 份规划和文件、{dates} 个日期。",
        f"写入 {len(written)} 个文件到 {shown_out}/：",
        *[f"  {path}" for path in written],
    ]
    linked = linked_lines(draft)
    if linked:
        lines += ["与已有记录对应（引用已有编号，没有另起草稿）：", *linked]
    lines += ["需要人工核对的地方：", *review_lines(draft, work_exists)]
    lines.append("审核方法：逐个文件核对，改好后删除各处的 review 行，再把文件移入 records/ 对应的文件夹，运行 make check。")
    return lines


def linked_lines(draft: Draft) -> list[str]:
    """One line per kind of record that was linked to existing ones."""
    groups = [
        ("部门和单位", [u.id for u in draft.units if u.existing]),
        ("规划和文件", [p.id for p in draft.plans if p.existing]),
        ("工作品牌", [p.id for p in draft.programmes if p.existing] + sorted({i for item in draft.items for i in item.programmes} - {p.id for p in draft.programmes})),
        ("荣誉", [h.id for h in draft.honors if h.existing]),
        ("资料来源", [draft.source.id] if draft.source.existing else []),
    ]
    return [f"  {label}：{'、'.join(ids)}" for label, ids in groups if ids]


def review_lines(draft: Draft, work_exists: bool) -> list[str]:
    """The places that need an editor, most important first."""
    lines = []
    if work_exists:
        lines.append(f"  records/work/{draft.year}.yml 已经存在：请把草稿中的新内容并入它，不要整个替换")
    if draft.traditional:
        lines.append("  原文是繁体字，已转为简体；请对照审核说明里的原文核对人名、地名")
    guessed = [f"{item.id}：{figure.as_written or str(figure.value) + (figure.magnitude or '') + figure.unit}" for item in draft.items for figure in item.figures if figure.label_guessed]
    if guessed:
        lines.append(f"  {len(guessed)} 个数字没有找准统计内容（label）：{'、'.join(guessed[:12])}{'……' if len(guessed) > 12 else ''}")
    other = [h.title for h in draft.honors if h.level == "other"]
    if other:
        lines.append(f"  {len(other)} 项荣誉看不出级别：{'、'.join(other)}")
    notes = [f"{item.id}：{note}" for item in draft.items for note in item.notes]
    lines.extend(f"  {note}" for note in notes[:12])
    untitled = [t.id for t in draft.themes if not t.heading_found]
    if untitled:
        lines.append(f"  没有段首标题的段落（主题名暂定）：{'、'.join(untitled)}")
    lines.append(f"  每个草稿文件和每个事项都有 review 行，共 {count_marks(draft)} 处；make check 会逐条列出，直到删除为止")
    return lines


def count_marks(draft: Draft) -> int:
    """How many review marks the draft files carry."""
    new = [r for group in (draft.units, draft.plans, draft.programmes, draft.honors) for r in group if not r.existing]
    return 1 + len(draft.themes) + len(draft.items) + len(new) + (0 if draft.source.existing else 1)
