"""Share cards (openbeat.cards): 1200x630, every Spanish letter, text within the card, photos cropped well."""

import io
import json

import pytest
from PIL import Image, ImageDraw, ImageFont

from conftest import ROOT, SITEURL, image_bytes, page
from openbeat import cards
from openbeat.cards import FONTS, HEIGHT, MARGIN, WIDTH, CardDesign, card_digest, draw_card, fit_text

FONT_FOLDER = str(ROOT / "theme" / "fonts")
DESIGN = CardDesign("#12355b", "#ffbf47", "#ffffff", FONT_FOLDER)
SPANISH = "áéíóúüñÁÉÍÓÚÜÑ¿¡–—«»"


def card(title="Use of Force", site="Millbrook Police Department", badge="Policy 300", photo=None, design=DESIGN):
    return Image.open(io.BytesIO(draw_card(title, site, badge, photo, design)))


def test_a_card_without_a_photo_is_a_1200_by_630_png():
    with card() as image:
        assert image.size == (1200, 630) and image.format == "PNG"


def test_a_card_with_a_photo_is_a_1200_by_630_jpeg(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(image_bytes((800, 600), "JPEG"))
    with card(photo=str(photo)) as image:
        assert image.size == (1200, 630) and image.format == "JPEG"


def test_a_card_carries_nothing_but_pixels(tmp_path):
    photo = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    photo.write_bytes(image_bytes((800, 600), "JPEG", exif=exif))
    for image in (card(), card(photo=str(photo))):
        with image:
            assert not image.getexif() and "icc_profile" not in image.info and "comment" not in image.info
    assert b"PhoneMaker" not in draw_card("T", "S", "B", str(photo), DESIGN)


@pytest.mark.parametrize("letter", list(SPANISH))
def test_the_theme_fonts_draw_every_spanish_letter(letter):
    for name in FONTS:
        face = ImageFont.truetype(f"{FONT_FOLDER}/{name}", 64)
        missing = face.getmask("\U0010fffd")  # a code point no font has: the "missing glyph" box
        glyph = face.getmask(letter)
        assert glyph.getbbox() is not None, (name, letter)
        assert (glyph.size, bytes(glyph)) != (missing.size, bytes(missing)), (name, letter)


def test_cards_are_drawn_with_the_theme_fonts(monkeypatch):
    used = set()
    real = cards.font

    def recording(folder, name, size):
        used.add((folder, name))
        return real(folder, name, size)

    monkeypatch.setattr(cards, "font", recording)
    draw_card("¿Dónde está la niña?", "Departamento de Policía", "Historia", None, DESIGN)
    assert used == {(FONT_FOLDER, name) for name in FONTS}


def test_accents_change_what_is_drawn():
    with card("¿Dónde está la niña?") as accented, card("Donde esta la nina") as plain:
        assert accented.convert("RGB").tobytes() != plain.convert("RGB").tobytes()


def text_outside_the_margins(image, design=DESIGN):
    """Pixels right of the text column that differ from the background (the bottom rule excepted)."""
    rgb = image.convert("RGB")
    background = Image.new("RGB", (1, 1), design.background).getpixel((0, 0))
    return [(x, y) for x in range(WIDTH - MARGIN + 8, WIDTH) for y in range(0, HEIGHT - 24, 3)
            if rgb.getpixel((x, y)) != background]


def test_a_long_title_and_a_long_site_name_wrap_within_the_card():
    title = "Road closures, detours and parking restrictions for the Millbrook summer festival and parade weekend"
    site = "Police Department of the Consolidated City and County of Millbrook-on-the-River"
    with card(title, site, "Alert") as image:
        assert text_outside_the_margins(image) == []


def test_a_very_long_word_is_broken_within_the_card():
    with card("Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenwettbewerb") as image:
        assert text_outside_the_margins(image) == []


def test_a_title_too_long_for_the_card_is_cut_with_an_ellipsis():
    draw = ImageDraw.Draw(Image.new("RGB", (WIDTH, HEIGHT)))
    face, lines, line_height = fit_text(draw, "word " * 200, FONT_FOLDER, FONTS[0], WIDTH - 2 * MARGIN, 300,
                                        (64, 52, 40))
    assert lines[-1].endswith("…") and len(lines) * line_height <= 300
    assert all(draw.textlength(line, font=face) <= WIDTH - 2 * MARGIN for line in lines)


def test_a_short_title_is_drawn_large():
    draw = ImageDraw.Draw(Image.new("RGB", (WIDTH, HEIGHT)))
    face, lines, _ = fit_text(draw, "Bike unit", FONT_FOLDER, FONTS[0], WIDTH - 2 * MARGIN, 300, (64, 52, 40))
    assert face.size == 64 and lines == ["Bike unit"]


def test_a_portrait_photo_is_cropped_to_keep_its_top(tmp_path):
    portrait = Image.new("RGB", (600, 1800), (20, 20, 220))  # blue
    portrait.paste((220, 20, 20), (0, 0, 600, 600))  # the top third (the face) red
    path = tmp_path / "portrait.jpg"
    portrait.save(path, "JPEG")
    with card(photo=str(path), badge="") as image:
        red, _, blue = image.convert("RGB").getpixel((WIDTH - 10, 10))
        assert red > blue


def test_a_photo_is_used_the_right_way_up(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # shown rotated 90 degrees clockwise
    stored = Image.new("RGB", (1800, 600), (20, 20, 220))
    stored.paste((220, 20, 20), (0, 0, 600, 600))  # left third red: the top once upright
    path = tmp_path / "rotated.jpg"
    stored.save(path, "JPEG", exif=exif)
    with card(photo=str(path), badge="") as image:
        red, _, blue = image.convert("RGB").getpixel((WIDTH - 10, 10))
        assert red > blue


def test_the_card_digest_changes_with_each_input():
    base = card_digest(DESIGN, "Title", "Site", "Story", "")
    assert card_digest(DESIGN, "Title", "Site", "Story", "") == base
    for changed in (card_digest(DESIGN, "Title 2", "Site", "Story", ""),
                    card_digest(DESIGN, "Title", "Site 2", "Story", ""),
                    card_digest(DESIGN, "Title", "Site", "Alert", ""),
                    card_digest(DESIGN, "Title", "Site", "Story", "photo-digest"),
                    card_digest(CardDesign("#000000", "#ffbf47", "#ffffff", FONT_FOLDER), "Title", "Site", "Story", "")):
        assert changed != base


# --- cards of a built site ------------------------------------------------------------------------------


PAGES = ("/", "/policies/use-of-force/", "/qa/elm-street/", "/stories/bike-unit/", "/officers/jane-doe/",
         "/alerts/bridge/", "/about/", "/policies/")


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_an_open_graph_card(basic_output, url):
    soup = page(basic_output, url)
    meta = {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta") if m.get("content")}
    assert meta["og:url"] == SITEURL + url
    assert meta["og:title"] and meta["og:description"] and meta["og:image:alt"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"].startswith(SITEURL + "/cards/")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    with Image.open(basic_output / meta["og:image"].removeprefix(SITEURL + "/")) as image:
        assert image.size == (1200, 630) and image.format in ("JPEG", "PNG")


def test_the_card_alt_text_says_the_type_and_the_title(basic_output):
    alt = page(basic_output, "/policies/use-of-force/").find("meta", property="og:image:alt")["content"]
    assert alt == "Policy 300: Use of Force. Millbrook Police Department"


def test_a_story_card_shows_its_photo(basic_output):
    url = page(basic_output, "/stories/bike-unit/").find("meta", property="og:image")["content"]
    assert url.endswith(".jpg")


def test_a_resolved_appeal_card_carries_no_photo(rich_output):
    url = page(rich_output, "/appeals/driver/").find("meta", property="og:image")["content"]
    with Image.open(rich_output / url.removeprefix(SITEURL + "/")) as image:
        assert image.format == "PNG"  # the brand panel: no photo behind the text
    open_appeal = page(rich_output, "/appeals/sam-lee/").find("meta", property="og:image")["content"]
    assert open_appeal.endswith(".jpg")


def test_structured_data_names_the_card(basic_output):
    soup = page(basic_output, "/stories/bike-unit/")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["image"] == soup.find("meta", property="og:image")["content"]


def test_a_brand_panel_card_is_a_plain_palette_png():
    design = CardDesign("#1d3557", "#ffdd00", "#ffffff", str(ROOT / "theme" / "fonts"))
    data = draw_card("Bike unit returns downtown", "Springfield Police", "Story", None, design)
    image = Image.open(io.BytesIO(data))
    image.load()
    assert (image.format, image.mode, image.size, image.info) == ("PNG", "P", (1200, 630), {})
    chunks, offset = [], 8
    while offset < len(data):
        length = int.from_bytes(data[offset:offset + 4], "big")
        chunks.append(data[offset + 4:offset + 8])
        offset += 12 + length
    assert chunks == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]  # nothing but pixels and their colours
    colours = {rgb for _count, rgb in image.convert("RGB").getcolors(1 << 16)}
    assert {(0x1d, 0x35, 0x57), (0xff, 0xff, 0xff), (0xff, 0xdd, 0x00)} <= colours


def test_a_card_is_drawn_on_pixels_already_decoded():
    red = Image.new("RGB", (1200, 900), "red")
    with Image.open(io.BytesIO(draw_card("T", "S", "B", "no-such-file.jpg", DESIGN, decoded=red))) as image:
        r, g, b = image.convert("RGB").getpixel((WIDTH - 5, HEIGHT // 2))
        assert r > 80 and g < 20 and b < 20  # the red pixels, darkened


def test_a_photo_covers_a_card_at_four_fifths_of_its_size():
    assert cards.covers((960, 720)) and cards.covers((1200, 900)) and not cards.covers((640, 480))
    assert not cards.covers((2000, 400))  # a panorama too low for the card's shape


def _photo_plan(tmp_path, size, widths):
    from openbeat import images

    (tmp_path / "images").mkdir()
    # Not flat: pixels scaled from different sizes differ.
    Image.radial_gradient("L").resize(size).convert("RGB").save(tmp_path / "images" / "p.jpg")
    source = "images/p.jpg"
    return images.plan(str(tmp_path), source, images.inspect(str(tmp_path / source), 50_000_000), widths,
                       images.settings_key(widths, 80, 400_000))


@pytest.mark.parametrize("size, widths, shared", [((4000, 3000), [480, 1200], True), ((4000, 3000), [320, 640], False)])
def test_a_photo_card_is_drawn_from_the_largest_copy_when_it_covers_the_card(tmp_path, size, widths, shared):
    """The build draws a photo's cards with its copies, from one decode; a copy too small for the card is
    not stretched: the photo is decoded again at a scale that covers the card."""
    from openbeat import images, outputs
    from openbeat.item import Card

    image_plan = _photo_plan(tmp_path, size, widths)
    card_ = Card("cards/p.1.jpg", "alt", "Title", "Story", "en", image_plan.source)
    files = outputs.copies_and_cards(str(tmp_path), image_plan, 80, 400_000, 50_000_000, (card_,), DESIGN, "S")
    assert set(files) == set(image_plan.paths) | {card_.path}
    photo = str(tmp_path / image_plan.source)
    copies = images.resized(str(tmp_path), image_plan, 50_000_000)
    from_copy = draw_card("Title", "S", "Story", photo, DESIGN, decoded=copies[max(copies)])
    from_file = draw_card("Title", "S", "Story", photo, DESIGN)
    assert from_copy != from_file
    assert files[card_.path] == (from_copy if shared else from_file)


def test_a_card_on_a_whole_photo_too_small_to_cover_it_does_not_decode_the_photo_again(tmp_path, monkeypatch):
    """A portrait of 600x800 is scaled up for its card whichever way: the copy has every pixel of it."""
    from openbeat import outputs
    from openbeat.item import Card

    image_plan = _photo_plan(tmp_path, (600, 800), [480, 1200])
    assert image_plan.whole and not cards.covers((600, 800))
    card_ = Card("cards/p.1.jpg", "alt", "Officer Jane Doe", "Officer", "en", image_plan.source)
    expected = draw_card("Officer Jane Doe", "S", "Officer", str(tmp_path / image_plan.source), DESIGN)

    def no_second_decode(*args, **kwargs):
        raise AssertionError("the photo was decoded again")

    monkeypatch.setattr(cards, "upright", no_second_decode)
    files = outputs.copies_and_cards(str(tmp_path), image_plan, 80, 400_000, 50_000_000, (card_,), DESIGN, "S")
    assert files[card_.path] == expected


def test_a_transparent_photo_lies_on_the_brand_colour_on_its_card(tmp_path):
    photo = tmp_path / "logo.png"
    Image.new("RGBA", (1200, 900), (0, 0, 0, 0)).save(photo)
    with Image.open(io.BytesIO(draw_card("T", "S", "", str(photo), DESIGN))) as image:
        r, g, b = image.convert("RGB").getpixel((WIDTH - 5, HEIGHT // 2))
    background = tuple(round(v * 0.42) for v in (0x12, 0x35, 0x5B))  # DESIGN's background, darkened
    assert max(abs(x - y) for x, y in zip((r, g, b), background, strict=False)) <= 4


def test_a_brand_panel_drawn_once_per_badge_is_never_drawn_on():
    """The badge and site name of a brand panel are drawn once per process; each card draws its title on a
    copy, so a card never shows an earlier card's title."""
    first = draw_card("Bridge closed", "Millbrook Police Department", "Alert", None, DESIGN)
    draw_card("A quite different and much longer title for the same badge", "Millbrook Police Department", "Alert",
              None, DESIGN)
    assert draw_card("Bridge closed", "Millbrook Police Department", "Alert", None, DESIGN) == first
