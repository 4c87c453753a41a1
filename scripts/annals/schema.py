"""Record schema: the single source of truth for validation and editor hints."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
# One line, no angle brackets, no invisible or direction-changing characters.
NAME_PATTERN = r"^[^<>\r\n\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+$"
URL_PATTERN = r"^(https?://|mailto:|tel:)[^\s<>\"]+$"
# Numbers as digits only: no leading zero (0755 is 493 to YAML 1.1 tools), no
# exponent, separator, sign or full-width digit, so every reader sees one value.
INTEGER_PATTERN = r"^(0|[1-9][0-9]*)$"
DECIMAL_PATTERN = r"^(0|[1-9][0-9]*)(\.[0-9]+)?$"


def plain_number(pattern: str):
    """A validator that accepts a number typed as text only in its plain form."""

    def check(value):
        if isinstance(value, str) and not re.match(pattern, value):
            raise PydanticCustomError("plain_number", "number not written plainly", {"pattern": pattern})
        return value

    return BeforeValidator(check)


# Ranges live inside the type so that Optional fields keep them in the JSON Schema.
# (constraints before the validator, or the JSON Schema gets non-standard keys)
Year = Annotated[int, Field(ge=1949, le=2100), plain_number(INTEGER_PATTERN)]
Month = Annotated[int, Field(ge=1, le=12), plain_number(INTEGER_PATTERN)]
Count = Annotated[int, Field(ge=0), plain_number(INTEGER_PATTERN)]
Amount = Annotated[Decimal, Field(ge=0), plain_number(DECIMAL_PATTERN)]

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=64),
    Field(description="编号：小写英文字母、数字和连字符，例如 chunlei-plan"),
]
Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=120, pattern=NAME_PATTERN),
    Field(description="名称：一行文字，不含 < 或 >，不含看不见的控制字符"),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=5000), Field(description="说明文字")]
Date = Annotated[
    str,
    StringConstraints(pattern=DATE_PATTERN),
    Field(description="日期：写成 2011、2011-11 或 2011-11-15"),
]
Url = Annotated[
    str,
    StringConstraints(pattern=URL_PATTERN),
    Field(description="链接：以 http://、https://、mailto: 或 tel: 开头"),
]
Visibility = Annotated[
    Literal["public", "internal"],
    Field(description="公开范围：public（公开网站）或 internal（仅内部参考）"),
]
Aliases = Annotated[
    list[Name],
    Field(description="别名、简称或常用搜索词，便于检索，不在正文显示"),
]
# Left by `annals draft` on everything it drafts; `annals check` reports each one until removed.
REVIEW_HINT = "待审核说明：……；审核后删除这一行"
ReviewText = Annotated[str, StringConstraints(min_length=1, max_length=5000, pattern=NAME_PATTERN)]


UNITS = "units"  # reference target: the organization or one of its departments and units


def ref(target: str, description: str, many: bool = False) -> Any:
    """A field holding the id (or ids) of other records; the one declaration of a reference."""
    return Field([] if many else None, description=description, json_schema_extra={"refers_to": target})


class Strict(BaseModel):
    """Base for every record part: unknown keys are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(Strict):
    """One figure as data: value, unit and what is counted."""

    label: Name = Field(description="统计的内容，例如：获得小额担保贴息贷款的妇女")
    value: Amount = Field(description="数值，按原文写，例如 689.9")
    magnitude: Optional[Literal["千", "万", "亿"]] = Field(
        None, description="数量级：千、万 或 亿（689.9万元 写 value: 689.9, magnitude: 万）"
    )
    unit: Name = Field(description="单位，例如 元、名、人次、个、%")
    qualifier: Optional[Literal["余", "多", "以上", "近", "约"]] = Field(
        None, description="修饰：余、多、以上、近、约（800余人 写 qualifier: 余）"
    )
    as_written: Optional[Name] = Field(None, description="原文写法（与数值写法不同时填写，例如 千余件）")
    indicator: Optional[Slug] = ref("indicators", "统计指标编号（records/indicators/ 下的文件名），历年可比的数字才填写")
    note: Optional[Text] = None
    visibility: Visibility = "public"


class PageRecord(Strict):
    """Shared fields of records that stand on their own page."""

    summary: Optional[Text] = Field(None, description="简介，用自己的话写")
    aliases: Aliases = []
    source: Optional[Slug] = ref("sources", "资料来源编号（records/sources/ 下的文件名）")
    visibility: Visibility = "public"
    review: Optional[ReviewText] = Field(None, description=REVIEW_HINT)


class Organization(PageRecord):
    """The federation itself."""

    name: Name = Field(description="全称")
    short_name: Name = Field(description="简称，例如 市妇联")
    location: Optional[Name] = None
    figures: list[Figure] = Field([], description="机构规模等数字")


class Department(PageRecord):
    """An internal department, office or affiliated unit."""

    name: Name
    short_name: Optional[Name] = None
    kind: Literal["内设部室", "议事协调机构办事机构", "直属事业单位", "联系组织"] = Field(
        description="类别：内设部室、议事协调机构办事机构、直属事业单位 或 联系组织"
    )
    rank: Optional[Literal["正县级", "副县级", "正科级", "副科级"]] = Field(
        None, description="机构规格：正县级、副县级、正科级 或 副科级"
    )
    staff_count: Optional[Count] = Field(None, description="人员数（已知时填写）")
    order: Count = Field(100, description="排列顺序，数字小的在前")
    figures: list[Figure] = []


class Plan(PageRecord):
    """A development plan or another named document."""

    title: Name
    kind: Literal["发展规划", "倡议书", "读本", "文件"] = Field(
        description="类别：发展规划、倡议书、读本 或 文件"
    )
    issuer: Optional[Name] = Field(None, description="发布机关")
    doc_number: Optional[Name] = Field(None, description="文号，例如 济政发[2011]34号")
    issued: Optional[Date] = Field(None, description="发布日期，精确到已知的程度")
    issued_as_written: Optional[Name] = Field(None, description="原文中的时间写法，例如 11月初")
    period_start: Optional[Year] = Field(None, description="规划期起始年")
    period_end: Optional[Year] = Field(None, description="规划期结束年")
    drafted_by: list[Slug] = ref(UNITS, "起草或发出单位编号", many=True)
    figures: list[Figure] = []


class Programme(PageRecord):
    """Named, recurring work that several years can point at."""

    name: Name
    kind: Literal["品牌活动", "工程项目", "服务平台", "评选创建", "救助项目"] = Field(
        description="类别：品牌活动、工程项目、服务平台、评选创建 或 救助项目"
    )
    lead: list[Slug] = ref(UNITS, "牵头单位编号", many=True)
    started: Optional[Year] = Field(None, description="开始年份（已知时）")


class Honor(PageRecord):
    """An honor received by the federation or one of its units."""

    title: Name = Field(description="荣誉称号")
    level: Literal["national", "provincial", "municipal", "county", "other"] = Field(
        description="级别：national（国家级）、provincial（省级）、municipal（市级）、county（县级）或 other"
    )
    conferrer: Optional[Name] = Field(None, description="授予机关")
    year: Year = Field(description="年份")
    month: Optional[Month] = Field(None, description="月份（已知时）")
    recipient: Slug = Field(
        description="获奖单位编号：organization 或某个部门、单位的编号", json_schema_extra={"refers_to": UNITS}
    )
    status: Literal["new", "retained"] = Field(
        "new", description="new（新获得）或 retained（保持）"
    )


class WorkItem(Strict):
    """One piece of a year's work, with its figures and links."""

    id: Slug
    title: Name
    summary: Text
    date: Optional[Date] = Field(None, description="日期，精确到已知的程度")
    date_as_written: Optional[Name] = Field(None, description="原文中的时间写法，例如 11月中旬")
    occasion: Optional[Name] = Field(
        None, description="纪念的事件和周年，例如 中国共产党成立90周年（纪念年数是名称的一部分，不是统计数字，不写进 figures）"
    )
    figures: list[Figure] = []
    departments: list[Slug] = ref(UNITS, "相关部门、单位编号", many=True)
    programmes: list[Slug] = ref("programmes", "相关工作品牌编号", many=True)
    plans: list[Slug] = ref("plans", "相关规划、文件编号", many=True)
    honors: list[Slug] = ref("honors", "相关荣誉编号", many=True)
    aliases: Aliases = []
    visibility: Visibility = "public"
    review: Optional[ReviewText] = Field(None, description=REVIEW_HINT)


class Theme(Strict):
    """A theme of a year's work, grouping items."""

    id: Slug
    title: Name
    summary: Optional[Text] = None
    items: list[WorkItem] = Field(min_length=1)
    visibility: Visibility = "public"
    review: Optional[ReviewText] = Field(None, description=REVIEW_HINT)


class YearOfWork(PageRecord):
    """One year of the federation's work, organised in themes."""

    year: Year = Field(description="年份")
    title: Name
    themes: list[Theme] = Field(min_length=1)


class Source(Strict):
    """Where facts come from."""

    title: Name = Field(description="题名，例如条目名称")
    kind: Literal["年鉴条目", "文件", "网页", "其他"]
    publication: Optional[Name] = Field(None, description="所在出版物或网站")
    covers_year: Optional[Year] = Field(None, description="记述的年份")
    compiler: Optional[Name] = Field(None, description="撰稿人或编者")
    publisher: Optional[Name] = None
    published: Optional[Year] = Field(None, description="出版年（已知时）")
    url: Optional[Url] = None
    accessed: Optional[Date] = Field(None, description="查阅网址的日期（引用日期），例如 2026-11-28")
    note: Optional[Text] = None
    visibility: Visibility = "public"
    review: Optional[ReviewText] = Field(None, description=REVIEW_HINT)


class Indicator(PageRecord):
    """A measure reported year after year; figures that name it form a series."""

    name: Name = Field(description="指标名称，例如 小额担保贴息贷款金额")
    unit: Name = Field(description="基本单位，例如 元、人、名、人次、个、家、户、%（不带 万、亿）")
    description: Name = Field(description="统计的是什么：一句话说明计数对象和口径")
    theme: Optional[Name] = Field(None, description="所属主题，例如 创业就业；统计数据页按主题分组")
    programme: Optional[Slug] = ref("programmes", "相关工作品牌编号")
    department: Optional[Slug] = ref(UNITS, "负责的部门、单位编号")


@dataclass(frozen=True)
class Kind:
    """One kind of record: its folder under records/, model, label and where its pages go."""

    name: str
    model: type[Strict]
    label: str
    folder: Optional[str] = None  # docs/ folder with one page per record and an index.md
    page: Optional[str] = None  # the one page that holds every record of the kind, each as a section


# The one declaration of each kind, in the order pages and the catalog list them.
# The id of a record is its file name (records/organization.yml is the organization).
DECLARED_KINDS = (
    Kind("organization", Organization, "机构概况", page="organization/index.md"),
    Kind("departments", Department, "部门和单位", folder="organization"),
    Kind("work", YearOfWork, "年度工作", folder="work"),
    Kind("plans", Plan, "规划和文件", folder="plans"),
    Kind("programmes", Programme, "工作品牌", folder="programmes"),
    Kind("indicators", Indicator, "统计指标", folder="statistics"),
    Kind("honors", Honor, "荣誉", page="honors/index.md"),
    Kind("sources", Source, "资料来源", page="sources/index.md"),
)
KINDS: dict[str, type[Strict]] = {kind.name: kind.model for kind in DECLARED_KINDS}
KIND_LABELS = {kind.name: kind.label for kind in DECLARED_KINDS}
TARGET_LABELS = {**KIND_LABELS, UNITS: "部门或单位"}


def reference_fields(model_type: type[BaseModel]) -> dict[str, str]:
    """Field name -> target kind, for the reference fields a model declares."""
    return {
        name: info.json_schema_extra["refers_to"]
        for name, info in model_type.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and "refers_to" in info.json_schema_extra
    }


def all_reference_fields() -> dict[str, str]:
    """Field name -> target kind over every model, nested parts included (names mean one thing)."""
    fields: dict[str, str] = {}
    for model_type in (*KINDS.values(), Theme, WorkItem, Figure):
        fields.update(reference_fields(model_type))
    return fields
