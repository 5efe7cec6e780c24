"""The I/O floors in Python (python-calamine + XlsxWriter, constant_memory),
no logic. The benchmark runs them when BENCH_PYTHON=1 and the two packages
are installed:

    pip install python-calamine xlsxwriter

    python3 floor.py INPUT_DIR OUTPUT.xlsx
        The floor: read every input cell, write the same cells.
    python3 floor.py INPUT_DIR OUTPUT.xlsx TOOL.xlsx
        The output floor: read every input cell, and write every cell of the
        workbook the tool wrote (TOOL.xlsx, loaded before the clock starts)
        to the same sheets: the least a Python program that writes this
        job's workbook has to do.

Prints the seconds the timed part took.
"""

import os
import sys
import time

import xlsxwriter
from python_calamine import CalamineWorkbook


def cells_of(path):
    """Every cell of a workbook: [(sheet, [(row, col, value)])]."""
    book = CalamineWorkbook.from_path(path)
    out = []
    for sheet in book.sheet_names:
        cells = []
        for r, row in enumerate(book.get_sheet_by_name(sheet).to_python()):
            for c, v in enumerate(row):
                if v != "" and v is not None:
                    cells.append((r, c, v))
        out.append((sheet, cells))
    return out


def put(ws, r, c, v):
    if isinstance(v, str):
        ws.write_string(r, c, v)
    elif isinstance(v, bool):
        ws.write_boolean(r, c, v)
    elif isinstance(v, (int, float)):
        ws.write_number(r, c, v)
    else:  # dates and times
        ws.write_string(r, c, str(v))


def inputs(src):
    for name in sorted(os.listdir(src)):
        if name.endswith(".xlsx"):
            yield CalamineWorkbook.from_path(os.path.join(src, name))


def floor(src, out):
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet()
    r = 0
    for book in inputs(src):
        for sheet in book.sheet_names:
            for row in book.get_sheet_by_name(sheet).to_python():
                for c, v in enumerate(row):
                    if v != "" and v is not None:
                        put(ws, r, c, v)
                r += 1
    wb.close()


def output_floor(src, out, cells):
    read = 0
    for book in inputs(src):
        for sheet in book.sheet_names:
            for row in book.get_sheet_by_name(sheet).to_python():
                read += len(row)
    assert read > 0
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    for name, sheet in cells:
        ws = wb.add_worksheet(name)
        for r, c, v in sheet:
            put(ws, r, c, v)
    wb.close()


if __name__ == "__main__":
    if len(sys.argv) > 3:
        cells = cells_of(sys.argv[3])
        t = time.perf_counter()
        output_floor(sys.argv[1], sys.argv[2], cells)
    else:
        t = time.perf_counter()
        floor(sys.argv[1], sys.argv[2])
    print(f"{time.perf_counter() - t:.3f}")
