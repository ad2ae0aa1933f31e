"""Images (openbeat.images): only used images, no metadata, upright, responsive copies, size limits."""

import io

import pytest
from PIL import Image

from conftest import basic_site, image_bytes, page, png_header, run_pelican, session_build, write_files
from openbeat.images import ImageProblem, fit, inspect, plan, render, settings_key, strip

KEY = settings_key([480, 800, 1200], 80, 400_000)


def phone_photo(size=(3000, 2000)) -> bytes:
    """A JPEG as a phone writes it: camera make, GPS, rotation flag, XMP, an ICC profile and a comment."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 6  # display rotated 90 degrees clockwise
    exif.get_ifd(0x8825).update({1: "N", 2: (41.0, 52.0, 1.0), 3: "W", 4: (87.0, 37.0, 2.0)})
    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((40, 40, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    image.save(buffer, "JPEG", exif=exif, comment=b"secret comment", xmp=xmp, quality=90,
               icc_profile=b"\x00" * 128)
    return buffer.getvalue()


def png_with_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Secret Author")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 200, 10)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def photo_site():
    files = basic_site()
    files["images/photo.jpg"] = phone_photo()
    files["stories/bike-unit.md"] = files["stories/bike-unit.md"].replace("images/bike.png", "images/photo.jpg")
    files["images/map.png"] = image_bytes((900, 600))
    files["stories/bike-unit.md"] += "\n    ![Map of the detour](/images/map.png)\n"
    files["images/unused.png"] = image_bytes(colour=(1, 2, 3))
    files["files/flyer.png"] = png_with_text()
    files["files/scan.jpg"] = phone_photo((400, 300))
    files["files/report.pdf"] = b"%PDF-1.4 a report"
    files["pages/about.md"] = "Title: About\n\nOur [flyer]({static}/files/flyer.png) and [report]({static}/files/report.pdf).\n"
    return files


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    return session_build(tmp_path_factory, "photos", photo_site(), SEARCH=False)


def published_images(output):
    return sorted(p for p in output.rglob("*") if p.suffix in (".jpg", ".png", ".webp", ".gif")
                  and "cards" not in p.parts)


def test_published_images_carry_no_metadata(photos):
    images = published_images(photos)
    assert len(images) > 6
    for path in images:
        with Image.open(path) as image:
            assert not image.getexif(), path
            for key in ("xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "Author", "exif"):
                assert key not in image.info, (path, key)
        data = path.read_bytes()
        for secret in (b"PhoneMaker", b"secret comment", b"xmpmeta", b"Secret Author"):
            assert secret not in data, (path, secret)


def test_orientation_is_applied_before_the_metadata_is_removed(photos):
    with Image.open(photos / "images/photo.jpg") as image:
        assert image.height > image.width  # 3000x2000 stored, shown upright as portrait
        top = image.convert("RGB").getpixel((image.width // 2, 5))
        assert top[2] > top[0]  # rotated clockwise: the blue left half is now on top


def test_a_lead_image_is_responsive_with_webp_and_a_fallback(photos):
    picture = page(photos, "/stories/bike-unit/").select_one(".ob-figure--lead picture")
    webp = picture.find("source", type="image/webp")
    assert [part.split()[-1] for part in webp["srcset"].split(", ")] == ["480w", "800w", "1200w"]
    img = picture.find("img")
    assert img["src"].endswith("/images/photo.jpg") and img.get("sizes")
    assert [part.split()[-1] for part in img["srcset"].split(", ")] == ["480w", "800w", "1200w"]
    assert img.get("loading") is None  # the lead image is not lazy
    assert (img["width"], img["height"]) == ("1200", "1800")


def test_every_copy_named_in_a_srcset_exists_with_its_width(photos):
    soup = page(photos, "/stories/bike-unit/")
    for node in soup.select("picture source, picture img"):
        for part in node["srcset"].split(", "):
            url, width = part.split()
            path = photos / url.split("/", 3)[3]
            with Image.open(path) as image:
                assert f"{image.width}w" == width, url


def test_body_images_become_lazy_pictures_with_their_alt(photos):
    img = page(photos, "/stories/bike-unit/").select_one(".ob-prose picture img")
    assert img["alt"] == "Map of the detour"
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert img["src"].endswith("/images/map.png")  # graphics stay PNG
    assert (img["width"], img["height"]) == ("900", "600")
    assert " 900w" in img["srcset"] and "1200w" not in img["srcset"]  # never upscaled


def test_images_are_never_upscaled(photos):
    assert {Image.open(p).width for p in photos.glob("images/jane*")} == {64}


def test_only_images_used_by_published_items_are_published(photos, rich_output):
    assert not list(photos.rglob("unused*"))
    assert not list(rich_output.rglob("draft-only*"))
    assert not list(rich_output.rglob("resolved-only*"))  # only a resolved appeal uses it


def test_the_display_copy_is_published_at_the_image_path(photos):
    with Image.open(photos / "images/photo.jpg") as image:
        assert image.size == (1200, 1800) and image.format == "JPEG"
    with Image.open(photos / "images/map.png") as image:
        assert image.size == (900, 600) and image.format == "PNG"


def test_files_images_keep_their_size_and_format_without_metadata(photos):
    with Image.open(photos / "files/flyer.png") as image:
        assert image.size == (300, 200) and image.format == "PNG" and "Author" not in image.info
    with Image.open(photos / "files/scan.jpg") as image:
        assert image.size == (300, 400) and not image.getexif()  # upright
    assert (photos / "files/report.pdf").read_bytes() == b"%PDF-1.4 a report"


# --- functions --------------------------------------------------------------------------------------


def test_a_plan_lists_webp_and_a_fallback_for_each_width(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images/a.jpg").write_bytes(image_bytes((1000, 500), fmt="JPEG"))
    result = plan(str(tmp_path), "images/a.jpg", inspect(str(tmp_path / "images/a.jpg"), 50_000_000),
                  [480, 800, 1200], KEY)
    assert [(v.width, v.height, v.mime) for v in result.variants] == [
        (480, 240, "image/webp"), (480, 240, "image/jpeg"), (800, 400, "image/webp"), (800, 400, "image/jpeg"),
        (1000, 500, "image/webp"), (1000, 500, "image/jpeg")]
    assert (result.display.path, result.width, result.height) == ("images/a.jpg", 1000, 500)


def test_copy_names_carry_a_digest_of_the_source(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images/a.jpg").write_bytes(image_bytes((600, 400), fmt="JPEG", colour=(1, 1, 1)))
    (tmp_path / "images/a.png").write_bytes(image_bytes((600, 400), fmt="PNG", colour=(1, 1, 1)))
    jpg = plan(str(tmp_path), "images/a.jpg", (600, 400, "JPEG"), [480], KEY)
    png = plan(str(tmp_path), "images/a.png", (600, 400, "PNG"), [480], KEY)
    assert not set(jpg.paths) & set(png.paths)
    (tmp_path / "images/a.jpg").write_bytes(image_bytes((600, 400), fmt="JPEG", colour=(9, 9, 9)))
    assert plan(str(tmp_path), "images/a.jpg", (600, 400, "JPEG"), [480], KEY).variants != jpg.variants


def test_render_makes_every_planned_copy(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images/a.jpg").write_bytes(phone_photo((1000, 600)))
    size = inspect(str(tmp_path / "images/a.jpg"), 50_000_000)
    assert size == (600, 1000, "JPEG")  # width and height as displayed
    result = plan(str(tmp_path), "images/a.jpg", size, [480, 800], KEY)
    files = render(str(tmp_path), result, 80, 400_000, 50_000_000)
    assert set(files) == set(result.paths)
    for variant in result.variants:
        with Image.open(io.BytesIO(files[variant.path])) as image:
            assert image.size == (variant.width, variant.height)
            assert Image.MIME[image.format] == variant.mime


def test_every_copy_of_a_large_noisy_photo_fits_the_byte_limit(tmp_path):
    """A phone photo of a dark scene: sensor noise compresses badly."""
    (tmp_path / "images").mkdir()
    Image.effect_noise((1800, 1350), 60).convert("RGB").save(tmp_path / "images/night.jpg", "JPEG", quality=95)
    assert (tmp_path / "images/night.jpg").stat().st_size > 800_000
    result = plan(str(tmp_path), "images/night.jpg", (1800, 1350, "JPEG"), [800, 1200], KEY)
    files = render(str(tmp_path), result, 80, 400_000, 50_000_000)
    assert max(len(data) for data in files.values()) <= 400_000


def test_quality_is_lowered_until_a_copy_fits():
    noise = Image.effect_noise((800, 600), 30).convert("RGB")
    assert len(fit(noise, "image/jpeg", 80, 10_000_000)) > 150_000
    assert len(fit(noise, "image/jpeg", 80, 150_000)) <= 150_000


def test_an_image_over_the_pixel_limit_is_refused_from_its_header(tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header(10000, 6000))  # no pixel data at all: refused before any decoding
    with pytest.raises(ImageProblem, match=r"is 10000x6000 pixels, over the limit of 50,000,000"):
        inspect(str(bomb), 50_000_000)


def test_a_decompression_bomb_is_refused_before_pillow_would_decode_it(tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header(100_000, 100_000))
    with pytest.raises(ImageProblem, match="is far over the limit of 50,000,000 pixels"):
        inspect(str(bomb), 50_000_000)


def test_a_file_that_is_not_an_image_is_refused(tmp_path):
    fake = tmp_path / "fake.jpg"
    fake.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(ImageProblem, match="cannot be read as an image"):
        inspect(str(fake), 50_000_000)


def test_a_truncated_image_is_refused_when_decoded(tmp_path):
    truncated = tmp_path / "cut.jpg"
    truncated.write_bytes(phone_photo((800, 600))[:4000])
    with pytest.raises(ImageProblem):
        inspect(str(truncated), 50_000_000)


def test_strip_keeps_an_animated_gif_animated(tmp_path):
    frames = [Image.new("RGB", (20, 20), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    path = tmp_path / "a.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], comment=b"secret comment", duration=100)
    with Image.open(io.BytesIO(strip(str(path), 50_000_000))) as image:
        assert image.n_frames == 3 and "comment" not in image.info


@pytest.mark.build
def test_a_corrupt_image_fails_the_build_naming_the_post_and_the_image(tmp_path):
    files = basic_site()
    files["images/broken.jpg"] = b"\xff\xd8\xff\xe0 not really a jpeg"
    files["stories/bike-unit.md"] = files["stories/bike-unit.md"].replace("images/bike.png", "images/broken.jpg")
    result = run_pelican(write_files(tmp_path / "content", files), tmp_path / "out")
    assert result.returncode == 1
    assert "stories/bike-unit.md:4: image images/broken.jpg cannot be read as an image" in result.stderr
    assert not (tmp_path / "out").exists()
