"""The image pipeline: only used images, no metadata, upright, responsive, cached, guarded."""

import io
import time

import pytest
from PIL import Image

from conftest import basic_site, image_bytes, page, run_pelican, write_files
from ob_images.pipeline import ImageProblem, inspect, plan


def phone_photo(size=(3000, 2000)) -> bytes:
    """A JPEG as a phone writes it: camera make, GPS, rotation flag, XMP and a comment."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 6  # display rotated 90 degrees clockwise
    exif.get_ifd(0x8825).update({1: "N", 2: (41.0, 52.0, 1.0), 3: "W", 4: (87.0, 37.0, 2.0)})
    image = Image.new("RGB", size, (200, 40, 40))
    image.paste((40, 40, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    image.save(buffer, "JPEG", exif=exif, comment=b"secret comment", xmp=xmp, quality=90)
    return buffer.getvalue()


def story_site(photo: bytes, name="photo.jpg"):
    files = basic_site()
    files[f"images/{name}"] = photo
    files["stories/bike-unit.md"] = files["stories/bike-unit.md"].replace("images/bike.png", f"images/{name}")
    return files


def published_images(output):
    return sorted(p for p in output.rglob("*") if p.suffix in (".jpg", ".png", ".webp") and "cards" not in p.parts)


def test_published_images_carry_no_metadata(site):
    output = site(story_site(phone_photo()))
    images = published_images(output)
    assert images
    for path in images:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info, path
            assert "comment" not in image.info and "icc_profile" not in image.info, path
        data = path.read_bytes()
        assert b"PhoneMaker" not in data and b"secret comment" not in data and b"xmpmeta" not in data


def test_orientation_is_applied_before_metadata_is_removed(site):
    output = site(story_site(phone_photo()))
    largest = max(output.glob("images/photo-*.jpg"), key=lambda p: Image.open(p).width)
    with Image.open(largest) as image:
        assert image.height > image.width  # 3000x2000 stored, shown upright as portrait
        top = image.convert("RGB").getpixel((image.width // 2, 5))
        assert top[2] > top[0]  # rotated clockwise: the blue left half is now on top


def test_story_image_is_responsive_with_webp_and_fallback(site):
    soup = page(site(story_site(phone_photo())), "/stories/bike-unit/")
    picture = soup.select_one(".ob-figure--lead picture")
    webp = picture.find("source", type="image/webp")
    assert webp["srcset"].count("w,") == 2  # 480w, 800w, 1200w
    img = picture.find("img")
    assert img["src"].endswith(".jpg") and "srcset" in img.attrs and img.get("sizes")
    assert img.get("loading") is None  # the first image of a page is not lazy
    assert (img["width"], img["height"]) == ("1200", "1800")


def test_images_are_never_upscaled(site):
    output = site(basic_site())
    widths = {Image.open(p).width for p in output.glob("images/bike-*")}
    assert widths == {64}


def test_body_images_become_lazy_pictures_with_alt(site):
    files = basic_site()
    files["images/map.png"] = image_bytes((900, 600))
    files["stories/bike-unit.md"] += "\n    ![Map of the detour](/images/map.png)\n"
    soup = page(site(files), "/stories/bike-unit/")
    img = soup.select_one(".ob-prose picture img")
    assert img["alt"] == "Map of the detour"
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert img["src"].endswith("/images/map.png")  # graphics keep PNG
    assert "/images/map-900.png 900w" in img["srcset"]  # 900 < 1200: not upscaled


def test_only_images_used_by_published_items_are_published(site):
    files = basic_site()
    files["images/unused.png"] = image_bytes()
    output = site(files)
    assert not list(output.rglob("unused*"))
    assert not list(output.glob("images/*.png")) or all("bike" in p.name or "jane" in p.name for p in output.glob("images/*"))


def noisy_photo() -> bytes:
    """Camera noise compresses badly: a 4032x3024 photo of it is several MB."""
    noise = Image.effect_noise((4032, 3024), 60).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def test_no_published_image_is_over_400_kb(site):
    photo = noisy_photo()
    assert len(photo) > 3_000_000
    output = site(story_site(photo))
    assert max(p.stat().st_size for p in published_images(output)) <= 400_000


def test_warm_build_reuses_every_derivative(tmp_path):
    content = write_files(tmp_path / "content", story_site(phone_photo()))
    cold = run_pelican(content, tmp_path / "out")
    warm = run_pelican(content, tmp_path / "out")
    assert "Images: 2 processed, 0 reused" in cold.stdout + cold.stderr
    assert "Images: 0 processed, 2 reused" in warm.stdout + warm.stderr


def test_corrupt_image_fails_the_build_naming_content_file_and_image(tmp_path):
    files = story_site(b"\xff\xd8\xff\xe0 not really a jpeg", name="broken.jpg")
    result = run_pelican(write_files(tmp_path / "content", files), tmp_path / "out")
    assert result.returncode != 0
    assert "stories/bike-unit.md:4: image images/broken.jpg cannot be read as an image" in result.stderr


def test_decompression_bomb_fails_fast_without_decoding(tmp_path):
    bomb = image_bytes((10000, 6000), fmt="PNG", colour=(0, 0, 0))  # 60 MP, a small file
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb)
    start = time.monotonic()
    with pytest.raises(ImageProblem, match="over the limit"):
        inspect(str(path), 50_000_000)
    assert time.monotonic() - start < 1.0
    files = story_site(bomb, name="bomb.png")
    result = run_pelican(write_files(tmp_path / "content", files), tmp_path / "out")
    assert result.returncode != 0
    assert "images/bomb.png is 10000x6000 pixels, over the limit" in result.stderr


def test_plan_lists_webp_and_fallback_for_each_width(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images/a.jpg").write_bytes(image_bytes((1000, 500), fmt="JPEG"))
    result = plan(str(tmp_path), "images/a.jpg", [480, 800, 1200], 50_000_000)
    assert [(v.width, v.mime) for v in result.variants] == [
        (480, "image/webp"), (480, "image/jpeg"), (800, "image/webp"), (800, "image/jpeg"),
        (1000, "image/webp"), (1000, "image/jpeg"),
    ]


def test_display_copy_is_published_at_the_image_path_without_metadata(site):
    output = site(story_site(phone_photo()))
    display = output / "images/photo.jpg"
    assert display.is_file()
    with Image.open(display) as image:
        assert not image.getexif() and image.size == (1200, 1800)
    img = page(output, "/stories/bike-unit/").select_one(".ob-figure--lead img")
    assert img["src"].endswith("/images/photo.jpg")
