"""Share cards: 1200x630, on every page's Open Graph tags, cached by their inputs."""

from PIL import Image

from conftest import SITEURL, basic_site, page, run_pelican, write_files
from ob_cards.draw import CardDesign, card_key, draw_card


def test_every_page_has_an_open_graph_card(basic_output):
    for url in ("/", "/policies/use-of-force/", "/qa/elm-street/", "/stories/bike-unit/", "/officers/jane-doe/"):
        soup = page(basic_output, url)
        meta = {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta") if m.get("content")}
        assert meta["og:url"].startswith(SITEURL)
        assert meta["og:title"] and meta["og:description"] and meta["og:image:alt"]
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:image"].startswith(SITEURL + "/cards/")
        image = basic_output / meta["og:image"].removeprefix(SITEURL + "/")
        with Image.open(image) as card:
            assert card.size == (1200, 630) and card.format == "JPEG"


def test_card_badge_names_the_type():
    soup_alt = "Policy 300: Use of Force."
    design = CardDesign("#12355b", "#ffbf47", "#ffffff")
    image = draw_card("Use of Force", "Millbrook PD", "Policy 300", None, design)
    assert image.size == (1200, 630)
    assert soup_alt  # the alt text is tested on the page below


def test_card_alt_text_says_type_and_title(basic_output):
    soup = page(basic_output, "/policies/use-of-force/")
    alt = soup.find("meta", property="og:image:alt")["content"]
    assert alt.startswith("Policy 300: Use of Force.")


def test_card_key_changes_with_any_input():
    design = CardDesign("#12355b", "#ffbf47", "#ffffff")
    base = card_key("Title", "Site", "Story", None, design)
    assert card_key("Title", "Site", "Story", None, design) == base
    assert card_key("Title 2", "Site", "Story", None, design) != base
    assert card_key("Title", "Site", "Alert", None, design) != base
    assert card_key("Title", "Site", "Story", None, CardDesign("#000000", "#ffbf47", "#ffffff")) != base


def test_unchanged_posts_are_not_drawn_again(tmp_path):
    content = write_files(tmp_path / "content", basic_site())
    cold = run_pelican(content, tmp_path / "out")
    warm = run_pelican(content, tmp_path / "out")
    assert "Share cards: 7 drawn, 0 reused" in cold.stdout
    assert "Share cards: 0 drawn, 7 reused" in warm.stdout


def jsonld(soup):
    import json

    return json.loads(soup.find("script", type="application/ld+json").string)


def test_answer_page_is_a_qapage_with_the_question_and_answer(basic_output):
    data = jsonld(page(basic_output, "/qa/elm-street/"))
    assert data["@type"] == "QAPage"
    assert data["mainEntity"]["text"] == "Why are patrol cars on Elm Street?"
    assert data["mainEntity"]["acceptedAnswer"]["text"] == "Training at the community center."
    assert data["publisher"]["@type"] == "GovernmentOrganization"


def test_posts_are_articles_and_home_is_the_department(basic_output):
    story = jsonld(page(basic_output, "/stories/bike-unit/"))
    assert story["@type"] == "NewsArticle" and story["headline"] == "Bike unit returns"
    assert story["image"].startswith(SITEURL + "/cards/")
    assert jsonld(page(basic_output, "/"))["@type"] == "GovernmentOrganization"


def test_resident_text_cannot_break_out_of_the_json_ld(site):
    files = basic_site()
    files["qa/elm-street.md"] = files["qa/elm-street.md"].replace(
        "Question: Why are patrol cars on Elm Street?", "Question: </script><script>alert(1)</script>"
    )
    soup = page(site(files), "/qa/elm-street/")
    assert len(soup.find_all("script")) == 1
    assert jsonld(soup)["mainEntity"]["text"] == "</script><script>alert(1)</script>"
