"""Stream a text file in a legacy encoding (GB18030) to UTF-8, keeping undecodable lines aside.

DuckDB reads only UTF-8 offline, so GB18030 files are transcoded first, in chunks of whole
lines (memory stays at one chunk whatever the file size). A chunk that decodes cleanly is
written as one block (the fast path); only a chunk with a bad byte is redone line by line.
Each undecodable line becomes a parse error naming the file, the data row and the column the
bad byte sits in, with the raw bytes kept (escaped: \\xff); it is left out of the UTF-8 file,
everything else lands. Safe for GB18030 because its multi-byte sequences never contain the
bytes of newline, comma or quote.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

CHUNK = 1 << 25          # 32 MiB of whole lines at a time


@dataclass
class Transcoded:
    removed_rows: list[int] = field(default_factory=list)   # data rows left out (1-based)
    errors: list[dict] = field(default_factory=list)          # parse-error records


def transcode_to_utf8(src: Path, dest: Path, encoding: str, rel_name: str,
                      chunk_size: int = CHUNK) -> Transcoded:
    """Write `src` (in `encoding`) to `dest` as UTF-8; the header line must decode."""
    out = Transcoded()
    with open(src, "rb") as f, open(dest, "wb") as g:
        head = f.readline()
        header_text = head.decode(encoding)            # the caller checked it decodes
        header = next(csv.reader([header_text.lstrip("\ufeff").rstrip("\r\n")]))
        g.write(header_text.encode("utf-8"))
        line, carry = 1, b""                           # line = lines written or skipped so far
        while True:
            chunk = f.read(chunk_size)
            block = carry + chunk
            if chunk:
                cut = block.rfind(b"\n") + 1
                block, carry = block[:cut], block[cut:]
            if block:
                try:
                    g.write(block.decode(encoding).encode("utf-8"))
                    line += block.count(b"\n")
                except UnicodeDecodeError:
                    line = _by_line(block, g, encoding, line, header, rel_name, out)
            if not chunk:
                return out


def _by_line(block: bytes, g, encoding: str, line: int, header: list[str], rel_name: str,
             out: Transcoded) -> int:
    for raw in block.splitlines(keepends=True):
        line += 1
        try:
            g.write(raw.decode(encoding).encode("utf-8"))
        except UnicodeDecodeError as e:
            prefix = raw[: e.start].decode(encoding)
            col = len(next(csv.reader([prefix]))) - 1 if prefix else 0
            out.removed_rows.append(line - 1)
            out.errors.append({
                "source_file": rel_name, "line": line, "source_row": line - 1,
                "column_name": header[col] if col < len(header) else f"column_{col + 1}",
                "error_type": "INVALID ENCODING",
                "error_message": f"byte 0x{raw[e.start]:02x} at byte {e.start} of the line is not "
                                 f"valid {encoding}",
                "raw_line": raw.decode(encoding, errors="backslashreplace").rstrip("\r\n")})
    return line
