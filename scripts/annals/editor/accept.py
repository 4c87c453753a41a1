"""Accepting reviewed drafts: a record moves into records/, a year's reviewed items join the year's file."""
from __future__ import annotations

from pathlib import Path

from ..schema import KINDS
from .records import Refused, clean, kind_of, parse, render, resolve_inside, write_atomic

CLEAR_FIRST = "请核对后清空“待审核说明”一栏并保存，再点“接受”"


def accept(root: Path, relative: str) -> str:
    """Move what has been reviewed out of one draft file; say in Chinese what moved and what still waits."""
    top, kind = kind_of(relative)
    if top != "drafts":
        raise Refused(f"{relative} 不是草稿；只有 drafts/ 下的草稿需要接受")
    draft_path = resolve_inside(root, relative)
    if not draft_path.is_file():
        raise Refused(f"找不到草稿 {relative}；它可能已经被接受或删除")
    data = parse(draft_path.read_text(encoding="utf-8"), relative)
    if not isinstance(data, dict):
        raise Refused(f"{relative} 不是“字段: 值”的记录，无法接受")
    target_relative = f"records/{kind}/{draft_path.name}"
    target = resolve_inside(root, target_relative)
    if kind == "work":
        return accept_year(relative, draft_path, data, target_relative, target)
    if data.get("review"):
        raise Refused(f"{relative} 还有待审核说明：{data['review']}。{CLEAR_FIRST}")
    if target.exists():
        raise Refused(f"{target_relative} 已经存在，草稿不会覆盖它；请改用另一个编号，或把内容补进已有的记录")
    text = render(kind, clean(data, KINDS[kind]))
    refuse_problems(kind, target_relative, text)
    write_atomic(target, text)
    draft_path.unlink()
    return f"已接受：{relative} 已移入 {target_relative}"


def refuse_problems(kind: str, shown_as: str, text: str) -> None:
    """Nothing the records check would reject is moved into records/."""
    from ..draft.write import check_rendered

    problems = check_rendered(kind, shown_as, text)
    if problems:
        listed = "\n".join(str(problem) for problem in problems)
        raise Refused(f"没有接受：移入后会有 {len(problems)} 个问题，请先在草稿里改正再保存：\n{listed}")


def reviewed(part: dict) -> bool:
    return not part.get("review")


def accept_year(relative: str, draft_path: Path, data: dict, target_relative: str, target: Path) -> str:
    """Reviewed items join records/work/YEAR.yml (created when the year is new and itself reviewed)."""
    model = KINDS["work"]
    old_text = target.read_text(encoding="utf-8") if target.exists() else None
    if old_text is not None:
        year = parse(old_text, target_relative)
    else:
        if not reviewed(data):
            raise Refused(f"{relative} 是新的一年，年度记录本身还有待审核说明：{data['review']}。{CLEAR_FIRST}")
        year = {key: value for key, value in data.items() if key != "themes"}
        year["themes"] = []
    themes = year.setdefault("themes", [])
    taken = {item.get("id") for theme in themes for item in theme.get("items") or []}
    moved, waiting, left = [], 0, []
    for theme in data.get("themes") or []:
        items = theme.get("items") or []
        match = next((t for t in themes if t.get("id") == theme.get("id") or t.get("title") == theme.get("title")), None)
        ready = [item for item in items if reviewed(item)]
        if match is None and not reviewed(theme):
            ready = []  # a new theme joins once its own mark is cleared
        staying = [item for item in items if item not in ready]
        if ready:
            if match is None:
                match = {key: value for key, value in theme.items() if key not in ("items", "review")}
                match["items"] = []
                themes.append(match)
            for item in ready:
                item = dict(item)
                base, number = item.get("id"), 2
                while item.get("id") in taken:
                    item["id"], number = f"{base}-{number}", number + 1
                taken.add(item.get("id"))
                match.setdefault("items", []).append(item)
                moved.append(item.get("title") or item.get("id"))
        if staying:
            waiting += len(staying)
            left.append({**theme, "items": staying})
    if not moved:
        raise Refused(f"{relative} 里还没有审核过的事项。请在事项上核对后清空“待审核说明”并保存；新主题还要清空主题的待审核说明")
    text = render("work", clean(year, model), old_text)
    refuse_problems("work", target_relative, text)
    write_atomic(target, text)
    if left:
        rest = {key: value for key, value in data.items() if key != "themes"}
        rest["themes"] = left
        write_atomic(draft_path, render("work", clean(rest, model), draft_path.read_text(encoding="utf-8")))
        tail = f"草稿中还有 {waiting} 个待审核的事项"
    else:
        draft_path.unlink()
        tail = "草稿已全部接受并删除"
    verb = "并入" if old_text is not None else "写入"
    return f"已把 {len(moved)} 个事项{verb} {target_relative}：{'、'.join(moved)}；{tail}"
