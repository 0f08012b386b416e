"""Makes the per-platform icons from assets/icon.png (drawn by make_icon.py).

Windows builds need an .ico (tauri-build embeds it as the executable's resource), macOS bundles an
.icns, and Linux packages use the PNGs. Requires Pillow (PyPI `pillow`, used here only):

    pip install pillow && python3 assets/make_platform_icons.py
"""
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
OUT = HERE / "icons"


def main():
    OUT.mkdir(exist_ok=True)
    source = Image.open(HERE / "icon.png").convert("RGBA")
    for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256)]:
        source.resize((size, size), Image.LANCZOS).save(OUT / name)
    source.save(OUT / "icon.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    source.save(OUT / "icon.icns")


if __name__ == "__main__":
    main()
