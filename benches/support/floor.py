"""The I/O floor in Python: read every cell with python-calamine, write the
same cells with XlsxWriter (constant_memory), no logic. The benchmark runs it
when BENCH_PYTHON=1 and the two packages are installed:

    pip install python-calamine xlsxwriter

Usage: python3 floor.py INPUT_DIR OUTPUT.xlsx
"""

import os
import sys

import xlsxwriter
from python_calamine import CalamineWorkbook


def main(src, out):
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet()
    r = 0
    for name in sorted(os.listdir(src)):
        if not name.endswith(".xlsx"):
            continue
        book = CalamineWorkbook.from_path(os.path.join(src, name))
        for sheet in book.sheet_names:
            for row in book.get_sheet_by_name(sheet).to_python():
                for c, v in enumerate(row):
                    if isinstance(v, str):
                        if v:
                            ws.write_string(r, c, v)
                    elif isinstance(v, (int, float)) and not isinstance(v, bool):
                        ws.write_number(r, c, v)
                r += 1
    wb.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
