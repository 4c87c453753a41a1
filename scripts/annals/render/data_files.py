"""The downloads themselves: every figure as CSV, Excel and JSON, every record as JSON, each chart's data and SVG file."""
from __future__ import annotations

import datetime

from ..indicators import base_unit, normalised
from ..model import Catalog, Observation
from ..routes import DATA_FOLDER, chart_stem, item_path, web_path
from ..schema import KINDS
from . import downloads
from .chart_file import chart_file
from .figures import figure_text
from .series import FigureRow
from .statistics import Release, charted, internal, series_points


def figure_rows(catalog: Catalog) -> list[FigureRow]:
    """Every figure of every year, newest year first, in page order."""
    return [figure_row(catalog, observation) for observation in catalog.observations()]


def figure_row(catalog: Catalog, observation: Observation) -> FigureRow:
    figure = observation.figure
    indicator = catalog.get("indicators", figure.indicator) if figure.indicator else None
    return FigureRow(
        year=observation.year.model.year,
        theme=observation.theme.title,
        item=observation.item.title,
        item_id=observation.item.id,
        page=web_path(item_path(observation.year, observation.item.id)),
        label=figure.label,
        value=figure.value,
        magnitude=figure.magnitude,
        unit=figure.unit,
        qualifier=figure.qualifier,
        normalised=normalised(figure),
        as_written=figure_text(figure),
        indicator=indicator.id if indicator else None,
        indicator_name=indicator.model.name if indicator else None,
        internal=internal(observation),
    )


def render_files(catalog: Catalog, release: Release) -> dict[str, bytes]:
    """Every download, by path under docs/: the figures, the records, each chart's own data."""
    rows = figure_rows(catalog)
    meta = {"organization": catalog.organization.name, "records_version": release.version, "records_date": release.date.isoformat() if release.date else None}
    stamp = datetime.datetime.combine(release.date or datetime.date(2000, 1, 1), datetime.time())
    files = {
        f"{DATA_FOLDER}/figures.csv": downloads.figures_csv(rows),
        f"{DATA_FOLDER}/figures.xlsx": downloads.figures_xlsx(rows, f"{catalog.organization.name}历年工作数字", stamp),
        f"{DATA_FOLDER}/figures.json": downloads.figures_json(rows, meta),
        f"{DATA_FOLDER}/figures.schema.json": downloads.figures_schema(),
        f"{DATA_FOLDER}/records.json": downloads.records_json(record_dicts(catalog), meta),
        f"{DATA_FOLDER}/records.schema.json": downloads.records_schema(KINDS),
    }
    for indicator in catalog.of_kind("indicators"):
        points = series_points(catalog, indicator)
        if not points:
            continue
        model, stem = indicator.model, chart_stem(indicator.id)
        unit = base_unit(model.unit)[1]
        source = catalog.get("sources", model.source).name if model.source else ""
        files[f"{stem}.csv"] = downloads.series_csv(model.name, unit, points)
        files[f"{stem}.metadata.json"] = downloads.metadata_json(model.name, unit, model.description, source, points)
        if charted(points):
            files[f"{stem}.svg"] = chart_file(model.name, unit, points, source, catalog.organization.name)
    return files


def record_dicts(catalog: Catalog) -> list[dict]:
    """Every record as validated, with its kind and id."""
    return [
        {"kind": r.kind, "id": r.id, "data": r.model.model_dump(mode="python", exclude_defaults=True)}
        for r in catalog.records
    ]
