"""tooling/figures.py: a lesson's PNG figure is served as WebP with the same pixels, converted once."""

import io

from PIL import Image, ImageChops

from tooling.figures import served_figure


def png(width=40, height=30) -> bytes:
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    for x in range(width):
        image.putpixel((x, x * height // width), (200, 30, 30, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_a_png_becomes_a_lossless_webp_of_the_same_size(tmp_path):
    original = png()
    figure = served_figure("png", original, tmp_path)
    assert (figure.suffix, figure.width, figure.height) == ("webp", 40, 30)
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(figure.content)) as after:
        assert after.format == "WEBP"
        assert ImageChops.difference(before.convert("RGBA"), after.convert("RGBA")).getbbox() is None


def test_the_conversion_is_kept_and_other_formats_pass_through(tmp_path):
    served_figure("png", png(), tmp_path)
    [cached] = tmp_path.iterdir()
    cached.write_bytes(b"kept")  # a second build reads the cache instead of converting again
    assert served_figure("png", png(), tmp_path).content == b"kept"
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    assert (
        served_figure("svg+xml", svg, tmp_path).content == svg
        and served_figure("svg+xml", svg, tmp_path).suffix == "svg"
    )
