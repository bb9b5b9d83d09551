"""geo.locate as a library: the same checks as the command, without the command."""

from __future__ import annotations

import pytest

from geo.errors import InputError
from geo.locate import locate_csv


def test_a_csv_that_is_not_utf8_is_a_clear_error(tmp_path):
    src = tmp_path / "latin1.csv"
    src.write_bytes("name,lat,lon\nAlep\xe9,36.2,37.1\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.csv: not UTF-8 text \(byte 17\)"):
        locate_csv(src, None)


def test_a_repeated_column_is_refused(tmp_path):
    src = tmp_path / "twice.csv"
    src.write_text("lat,lon,lat\n35.8,36.8,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="column 'lat' appears more than once"):
        locate_csv(src, None)


def test_a_ragged_row_names_the_file_and_gives_a_hint(tmp_path):
    src = tmp_path / "ragged.csv"
    src.write_text("lat,lon\n35.8,36.8\n35.9,36.7,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"ragged\.csv: not a readable CSV: .* — every row needs as many values"):
        locate_csv(src, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()
