"""Child process for the kill test: saves in a loop, printing each completed revision."""

import sys

from cxkit.workbook import Workbook

wb = Workbook.open(sys.argv[1])
start = int(sys.argv[2])
i = start
# One save before "ready" so imports are done and the kill lands among saves.
i += 1
wb.record("kill/counter", {"n": i, "text": "warm-up"})
print(i, flush=True)
print("ready", flush=True)
while True:
    i += 1
    wb.record("kill/counter", {"n": i, "text": "é漢🙂" * 50})
    print(i, flush=True)
