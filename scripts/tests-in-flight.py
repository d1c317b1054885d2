#!/usr/bin/env python3
"""Names the tests a `swift test` log shows as started but not ended.

Swift Testing runs every test at once, so a run that stops making progress
says nothing about which test waits; this reads its line-buffered output
(`stdbuf -oL swift test > LOG`) and prints the tests that never ended.
A test whose end line is missing from the log is listed too: in one run of
this session a block of about forty end lines never reached the file, so the
list is where to look first, not proof.
Usage: scripts/tests-in-flight.py LOG
"""
import re
import sys

started, ended = [], set()
with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
    for line in log:
        if m := re.match(r'◇ Test "(.*)" started\.', line):
            started.append(m.group(1))
        elif m := re.match(r'[✔✘━] Test "(.*?)" (?:with \d+ test cases? )?(?:passed|failed) after', line):
            ended.add(m.group(1))
for name in started:
    if name not in ended:
        print(name)
