"""Draws the app icon (assets/icon.png, 256x256 RGBA) without any imaging library.

A deep-blue rounded square with two interlocking gold blocks: a mortise-and-tenon joint, the
carpenter Lu Ban's craft. Run `python3 assets/make_icon.py` to redraw it.
"""
import struct
import zlib

SIZE = 256
SS = 4  # supersamples per axis
BLUE = (23, 52, 94)
GOLD = (214, 170, 76)
LIGHT = (240, 214, 150)


def rounded(x, y, x0, y0, x1, y1, r):
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def rect(x, y, x0, y0, x1, y1):
    return x0 <= x <= x1 and y0 <= y <= y1


def colour(x, y):
    if not rounded(x, y, 8, 8, 248, 248, 52):
        return None
    # Lower block with a mortise (slot) cut in its top.
    lower = rect(x, y, 56, 140, 200, 196) and not rect(x, y, 104, 140, 152, 168)
    # Upper block whose tenon drops into the slot.
    upper = rect(x, y, 56, 60, 200, 116) or rect(x, y, 108, 116, 148, 164)
    if upper:
        return LIGHT
    if lower:
        return GOLD
    return BLUE


rows = []
for py in range(SIZE):
    row = bytearray([0])
    for px in range(SIZE):
        acc = [0, 0, 0, 0]
        for sy in range(SS):
            for sx in range(SS):
                c = colour(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                if c is not None:
                    acc[0] += c[0]
                    acc[1] += c[1]
                    acc[2] += c[2]
                    acc[3] += 255
        n = SS * SS
        a = acc[3] // n
        if a:
            covered = acc[3] // 255
            row += bytes([acc[0] // covered, acc[1] // covered, acc[2] // covered, a])
        else:
            row += bytes([0, 0, 0, 0])
    rows.append(bytes(row))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


png = b"\x89PNG\r\n\x1a\n"
png += chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
png += chunk(b"IEND", b"")
with open(__file__.rsplit("/", 1)[0] + "/icon.png", "wb") as f:
    f.write(png)
