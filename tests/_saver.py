"""Child process for the kill test: saves in a loop, printing each completed revision."""

import sys

from cxkit.workbook import Workbook

wb = Workbook.open(sys.argv[1])
start = int(sys.argv[2])
print("ready", flush=True)
i = start
while True:
    i += 1
    wb.record("kill/counter", {"n": i, "text": "é漢🙂" * 50})
    print(i, flush=True)
