"""What a participant reads in a course table: no index, no Python values."""

from __future__ import annotations

import pandas as pd

from cxkit.plots.tables import course_table


def test_tables_show_plain_words_not_python_values() -> None:
    df = pd.DataFrame({"resolved": [True, False], "share": [0.25, None]}, index=[7, 8])
    html = course_table(df, formats={"share": "{:.0%}"}, columns={"share": "Share"}).to_html()
    assert ">yes<" in html and ">no<" in html and "True" not in html and "False" not in html
    assert ">25%<" in html and "—" in html and "nan" not in html.lower()
    assert ">7<" not in html  # no index column
