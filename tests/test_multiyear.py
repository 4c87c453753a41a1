"""The fictitious thirty-year record used for measuring: complete, valid, and as uneven as real years."""
from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import multiyear  # noqa: E402
from annals.indicators import base_unit, is_approximate  # noqa: E402
from annals.validate import check  # noqa: E402

YEARS = 30


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, multiyear.Stats]:
    root = tmp_path_factory.mktemp("multiyear") / "project"
    return root, multiyear.generate(root, years=YEARS)


@pytest.fixture(scope="module")
def catalog(generated):
    root, _ = generated
    result, problems = check(root)
    assert not problems, "\n".join(str(p) for p in problems[:20])
    return result


def test_every_year_present_with_themes_items_and_honors(generated, catalog):
    _, stats = generated
    years = sorted(r.model.year for r in catalog.by_kind["work"])
    assert years == list(range(2011, 2011 + YEARS))
    honors_by_year = defaultdict(int)
    for honor in catalog.by_kind["honors"]:
        honors_by_year[honor.model.year] += 1
    assert all(honors_by_year[y] >= 5 for y in years), dict(honors_by_year)
    assert stats.honors_per_year == dict(honors_by_year)
    for year in catalog.by_kind["work"]:
        items = sum(len(t.items) for t in year.model.themes)
        assert 4 <= len(year.model.themes) <= 6, (year.model.year, len(year.model.themes))
        assert 22 <= items <= 38, (year.model.year, items)
    average = stats.items / YEARS
    assert 27 <= average <= 33, average


def test_real_first_year_is_kept_unchanged(generated):
    root, _ = generated
    for folder in ("work", "honors", "indicators", "programmes", "plans", "departments", "sources"):
        for original in (ROOT / "records" / folder).glob("*.yml"):
            assert (root / "records" / folder / original.name).read_bytes() == original.read_bytes(), original


def test_generated_files_are_marked_as_fictitious(generated):
    root, _ = generated
    originals = {p.relative_to(ROOT / "records") for p in (ROOT / "records").rglob("*.yml")}
    added = [p for p in (root / "records").rglob("*.yml") if p.relative_to(root / "records") not in originals]
    assert len(added) > 300
    for path in added:
        assert path.read_text(encoding="utf-8").startswith(multiyear.MARK), path
    assert not (ROOT / "records" / "work" / "2012.yml").exists()


def series_by_indicator(catalog) -> dict[str, dict[int, object]]:
    return {ident: {o.year.model.year: o.figure for o in observations} for ident, observations in catalog.series.items()}


def test_indicators_continue_with_gaps_approximations_and_unit_switches(catalog):
    series = series_by_indicator(catalog)
    long_series = {i: s for i, s in series.items() if len(s) >= 15}
    assert len(long_series) >= 20, len(long_series)
    with_gaps = [i for i, s in series.items() if max(s) - min(s) + 1 > len(s)]
    assert len(with_gaps) >= 10, with_gaps
    approximate = [f for s in series.values() for f in s.values() if is_approximate(f)]
    assert len(approximate) >= 50
    assert {f.qualifier for f in approximate} >= {"余", "多", "以上"}
    # Money written now in 万元 (as unit or magnitude), now in plain 元, within one series.
    switching = []
    for ident, figures in series.items():
        forms = {("万" if f.magnitude == "万" or base_unit(f.unit)[0] == 10_000 else "元") for f in figures.values()}
        if forms == {"万", "元"}:
            switching.append(ident)
    assert len(switching) >= 3, switching
    units = {f.unit for s in series.values() for f in s.values()}
    assert {"元", "万元"} <= units


def test_programmes_start_and_stop(catalog):
    years_of: dict[str, set[int]] = defaultdict(set)
    for year in catalog.by_kind["work"]:
        for theme in year.model.themes:
            for item in theme.items:
                for programme in item.programmes:
                    years_of[programme].add(year.model.year)
    last = 2011 + YEARS - 1
    started_later = [p for p, ys in years_of.items() if min(ys) > 2012]
    stopped = [p for p, ys in years_of.items() if max(ys) < last - 1]
    assert len(started_later) >= 3, started_later
    assert len(stopped) >= 3, stopped
    for programme in catalog.by_kind["programmes"]:
        if programme.id in started_later:
            assert programme.model.started == min(years_of[programme.id])


def test_same_seed_same_bytes_other_seed_other_record(generated, tmp_path):
    root, _ = generated
    again = tmp_path / "again"
    multiyear.generate(again, years=YEARS)
    files = sorted(p.relative_to(root) for p in (root / "records").rglob("*.yml"))
    assert files == sorted(p.relative_to(again) for p in (again / "records").rglob("*.yml"))
    assert all((root / f).read_bytes() == (again / f).read_bytes() for f in files)
    other = tmp_path / "other"
    multiyear.generate(other, years=YEARS, seed=7)
    assert (other / "records/work/2020.yml").read_bytes() != (root / "records/work/2020.yml").read_bytes()


def test_command_line_writes_a_project_that_builds(tmp_path):
    dest = tmp_path / "five-years"
    run = subprocess.run([sys.executable, str(ROOT / "scripts/multiyear.py"), str(dest), "--years", "5"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "已生成 5 年的测试记录" in run.stdout
    again = subprocess.run([sys.executable, str(ROOT / "scripts/multiyear.py"), str(dest)], capture_output=True, text=True)
    assert again.returncode == 2 and "已经存在" in again.stderr
    build = subprocess.run([sys.executable, "-m", "annals", "--root", str(dest), "build"], capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (dest / "site/work/2015/index.html").exists()
