"""Schema errors as Chinese messages that name the bad value and what is allowed; used for records and the synonym list alike."""
from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel

from .problems import quote
from .schema import DATE_PATTERN, DECIMAL_PATTERN, INTEGER_PATTERN, NAME_PATTERN, SLUG_PATTERN, URL_PATTERN

# What each pattern of the schema asks for, whatever the field's own description says.
PATTERN_HINTS = {
    DATE_PATTERN: "日期要写成 2011、2011-11 或 2011-11-15（半角数字，用“-”隔开）",
    SLUG_PATTERN: "编号只能用小写英文字母、数字和连字符，例如 chunlei-plan",
    NAME_PATTERN: "必须是一行文字，不能含 < 或 >，也不能含零宽空格等看不见的控制字符",
    URL_PATTERN: "链接必须以 https://、http://、mailto: 或 tel: 开头，中间不能有空格",
}


def clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's internal steps (union branches, function names) from a location."""
    return tuple(step for step in loc if isinstance(step, int) or not re.search(r"[\[\(-]", step))


def field_info(model_type: type[BaseModel], loc: tuple):
    """The FieldInfo at a location, following nested models and lists."""
    current: Any = model_type
    info = None
    for step in loc:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(step)
        if info is None:
            return None
        current = inner_model(info.annotation)
    return info


def inner_model(annotation: Any) -> Any:
    """The model inside Optional[...] or list[...], if any."""
    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        nested = inner_model(arg) if typing.get_args(arg) else None
        if nested is not None:
            return nested
    return None


def explain(detail: dict, model_type: type[BaseModel], loc: tuple) -> str:
    """A Chinese message naming the bad value and what is allowed."""
    kind = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    info = field_info(model_type, loc)
    hint = info.description if info is not None and info.description else ""
    shown = describe_value(value)
    if kind == "missing":
        return f"缺少必填字段{('（' + hint + '）') if hint else ''}"
    if kind == "extra_forbidden":
        allowed = allowed_fields(model_type, loc)
        return f"未知字段（可能是拼写错误）；允许的字段：{'、'.join(allowed)}" if allowed else "未知字段（可能是拼写错误）"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"必须是 {' / '.join(options)} 之一，实际为 {shown}"
    if kind in ("string_pattern_mismatch",):
        return f"格式不对：{PATTERN_HINTS.get(ctx.get('pattern'), hint or '请检查写法')}；实际为 {shown}"
    if kind == "plain_number":
        return plain_number_message(str(value), ctx.get("pattern") == DECIMAL_PATTERN)
    if kind == "string_too_short":
        return "不能为空"
    if kind == "string_too_long":
        return f"太长（最多 {ctx.get('max_length')} 个字）"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"必须是整数，实际为 {shown}"
    if kind.startswith("decimal") or kind in ("float_parsing", "float_type"):
        return f"必须是数字（例如 689.9，不带单位和逗号），实际为 {shown}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}，实际为 {shown}"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}，实际为 {shown}"
    if kind == "list_type":
        return f"必须是列表（每一项单独一行，以“- ”开头），实际为 {shown}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"必须是“字段: 值”的形式，实际为 {shown}"
    if kind == "string_type":
        return f"必须是一段文字，实际为 {shown}"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length')} 项"
    return f"取值不对（{detail.get('msg')}），实际为 {shown}"


def plain_number_message(value: str, decimal: bool) -> str:
    """What is wrong with a number typed as text, and how to write it."""
    base = f"必须是{'数字（例如 689.9，不带单位和逗号）' if decimal else '整数'}，实际为 {quote(value)}"
    pattern = DECIMAL_PATTERN if decimal else INTEGER_PATTERN
    halfwidth = value.translate({code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}).replace("．", ".")
    if halfwidth != value and re.match(pattern, halfwidth):
        return f"{base}；请用半角数字，写成 {halfwidth}"
    if re.fullmatch(r"0+[0-9]+(\.[0-9]+)?", value):
        fixed = value.lstrip("0")
        fixed = "0" + fixed if fixed.startswith(".") or not fixed else fixed
        return f"{base}；请去掉开头的 0，写成 {fixed}（以 0 开头的数字在有的软件里会被当成八进制，值就变了）"
    if re.fullmatch(r"[0-9]{1,3}([,_][0-9]{3})+(\.[0-9]+)?", value):
        return f"{base}；请去掉千位分隔符，写成 {re.sub('[,_]', '', value)}"
    if re.fullmatch(r"\.[0-9]+", value):
        return f"{base}；小数点前要写 0，写成 0{value}"
    return base


def describe_value(value: Any) -> str:
    """The bad value as an editor would recognise it."""
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "一组“字段: 值”"
    if isinstance(value, list):
        return "一个列表"
    return quote(value)


def allowed_fields(model_type: type[BaseModel], loc: tuple) -> list[str]:
    """Field names allowed at the mapping that holds loc[-1]."""
    parent: Any = model_type
    for step in loc[:-1]:
        if isinstance(step, int):
            continue
        info = parent.model_fields.get(step) if isinstance(parent, type) and issubclass(parent, BaseModel) else None
        if info is None:
            return []
        parent = inner_model(info.annotation)
    if isinstance(parent, type) and issubclass(parent, BaseModel):
        return [name for name in parent.model_fields if name != "review"]  # left by drafts, not typed by hand
    return []
