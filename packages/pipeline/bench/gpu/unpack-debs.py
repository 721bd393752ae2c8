#!/usr/bin/env python3
"""Unpacks .deb files into a folder with the standard library only (the GPU
machine may have no dpkg): a .deb is an ar archive holding data.tar.*."""
import io
import sys
import tarfile
from pathlib import Path


def members(blob: bytes):
    if not blob.startswith(b"!<arch>\n"):
        raise SystemExit("not an ar archive")
    pos = 8
    while pos + 60 <= len(blob):
        header = blob[pos : pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        yield name, blob[pos + 60 : pos + 60 + size]
        pos += 60 + size + (size & 1)


def main(src: str, dst: str) -> None:
    out = Path(dst)
    out.mkdir(parents=True, exist_ok=True)
    for deb in sorted(Path(src).glob("*.deb")):
        for name, data in members(deb.read_bytes()):
            if name.startswith("data.tar"):
                if name.endswith(".zst"):
                    raise SystemExit(f"{deb.name}: zstd data needs dpkg-deb -x")
                with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                    tar.extractall(out, filter="tar") if hasattr(tarfile, "data_filter") else tar.extractall(out)
        print(f"  unpacked {deb.name}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
