#!/usr/bin/env python3
"""Cut the subset of the RS export (行政事業レビュー open data) that the bundled evaluations link to.

Usage: scripts/rs-subset.py SOURCE_FOLDER DEST_FOLDER 'MINISTRY:TITLE' ...

A project is kept when a record of its 1-3 table (政策・施策) names MINISTRY in
政策所管府省庁_P and TITLE inside its 政策 or 施策 cell. Every table is then cut
to the records of the kept 予算事業IDs. Lines are copied as bytes, never
re-encoded: the header with its BOM, then each kept record exactly as in the
source (the export writes one record per line, LF), so that a subset file is
a byte-identical selection of the source's lines.
"""
import csv
import io
import os
import sys


def header_index(header_bytes, name):
    header = next(csv.reader(io.StringIO(header_bytes.decode("utf-8-sig"))))
    return header.index(name) if name in header else None


def main():
    source, dest, wanted = sys.argv[1], sys.argv[2], [a.split(":", 1) for a in sys.argv[3:]]
    files = sorted(f for f in os.listdir(source) if f.endswith(".csv"))
    keep = set()
    for name in files:
        with open(os.path.join(source, name), "rb") as fh:
            lines = fh.read().split(b"\n")
        ministry, policy, measure = (header_index(lines[0], c) for c in ("政策所管府省庁_P", "政策", "施策"))
        if None in (ministry, policy, measure):
            continue
        key = header_index(lines[0], "予算事業ID")
        for line in lines[1:]:
            if not line:
                continue
            cells = next(csv.reader(io.StringIO(line.decode("utf-8"))))
            for m, title in wanted:
                if cells[ministry] == m and (title in cells[policy] or title in cells[measure]):
                    keep.add(cells[key])
    os.makedirs(dest, exist_ok=True)
    for name in files:
        with open(os.path.join(source, name), "rb") as fh:
            data = fh.read()
        lines = data.split(b"\n")
        key = header_index(lines[0], "予算事業ID")
        out = [lines[0]]
        for line in lines[1:]:
            if line and next(csv.reader(io.StringIO(line.decode("utf-8"))))[key] in keep:
                out.append(line)
        with open(os.path.join(dest, name), "wb") as fh:
            fh.write(b"\n".join(out) + b"\n")
        print(f"{name}: {len(out) - 1} records", file=sys.stderr)
    print(f"{len(keep)} projects: {' '.join(sorted(keep, key=int))}", file=sys.stderr)


main()
