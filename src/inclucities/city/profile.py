"""The city profile a notebook shows: a city of the knowledge base, or a city's own folder compared with it.

The `city_profile` notebook template calls `open_report`. With `city_dir`, the folder is read and analysed here
by `analysis.city.analyse_city`, the same analysis `inclucities analyse` writes as tables, so the report and the
tables beside it agree.
"""

from __future__ import annotations

from pathlib import Path

from inclucities.analysis.city import analyse_city
from inclucities.city.folder import read_city_folder
from inclucities.notebooks.report.city import CityReport
from inclucities.notebooks.report.common import open_kb


def open_report(kb: str, city_id: str, city_dir: str = "") -> CityReport:
    """The report of `city_id` in the knowledge base `kb`; with `city_dir`, of the city in that folder."""
    if not city_dir:
        return CityReport.open(kb, city_id)
    folder = read_city_folder(Path(city_dir), open_kb(kb))
    analysis = analyse_city(open_kb(kb), folder)
    names = tuple(path.relative_to(folder.root).as_posix() for path in folder.files)
    return CityReport(analysis.view, folder.city.id, names, analysis=analysis)
