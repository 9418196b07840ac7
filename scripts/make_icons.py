"""Draw the site's raster icons (favicon.ico, the manifest's PNGs, the default Open Graph
image) from the same design as static/img/favicon.svg. Run once; the results are committed."""

from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parent.parent / "static"
RED, BLUE, WHITE = (200, 16, 46), (22, 63, 122), (255, 255, 255)


def cross(size: int, *, radius: bool = True) -> Image.Image:
    scale = 8  # drawn large and scaled down for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        [0, 0, big - 1, big - 1], radius=big * 12 // 64 if radius else 0, fill=RED
    )
    unit = big / 64
    draw.rectangle([27 * unit, 14 * unit, 37 * unit, 50 * unit], fill=WHITE)
    draw.rectangle([14 * unit, 27 * unit, 50 * unit, 37 * unit], fill=WHITE)
    return image.resize((size, size), Image.LANCZOS)


def main():
    (STATIC / "img").mkdir(exist_ok=True)
    cross(48).save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    for size in (192, 512):
        cross(size).save(STATIC / "img" / f"icon-{size}.png", optimize=True)
    cross(180, radius=False).convert("RGB").save(STATIC / "img" / "apple-touch-icon.png")
    # Open Graph default: 1200x630, the cross on the site's blue.
    og = Image.new("RGB", (1200, 630), BLUE)
    og.paste(cross(280), (460, 175), cross(280))
    og.save(STATIC / "img" / "og-default.png", optimize=True)


if __name__ == "__main__":
    main()
