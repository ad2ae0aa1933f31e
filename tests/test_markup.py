"""The body's HTML: the allowlist (openbeat.markup.sanitize), the HTML5 writer (document) and the steps."""

import pytest
from bs4 import BeautifulSoup
from pelican.settings import DEFAULT_CONFIG

from openbeat.markup import document, sanitize, steps
from openbeat.reading import Renderer

SITEURL = "https://police.example.gov"
SLUG_SUBS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
RENDER = Renderer({"MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {},
                                                      "markdown.extensions.smarty": {}},
                                "output_format": "html5"}})


def body(markdown: str):
    """A post body as the model parses it: Markdown, the allowlist, one tree."""
    return document.parse(sanitize.clean(RENDER.render(markdown)))


def soup(root) -> BeautifulSoup:
    return BeautifulSoup(document.serialize(root), "html.parser")


# --- the allowlist --------------------------------------------------------------------------------


@pytest.mark.parametrize("html, kept", [
    ("<p>Hi <script>alert(1)</script>there</p>", "<p>Hi there</p>"),
    ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<img src="data:image/png;base64,AAAA" alt="x">', '<img alt="x">'),
    ("<iframe src='https://evil.example'>inside</iframe>", ""),
    ("<style>p { display: none }</style><p>Hi</p>", "<p>Hi</p>"),
    ("<form><input name=q></form>", ""),
    ("<p>a<!-- a comment -->b</p>", "<p>ab</p>"),
])
def test_clean_removes_what_runs_or_hides(html, kept):
    assert sanitize.clean(html) == kept


def test_clean_keeps_what_a_writer_needs():
    html = ('<p><strong>b</strong> <em>i</em> <abbr title="Police Department">PD</abbr> <a href="https://x.example/" '
            'hreflang="es">x</a> <a href="tel:5550100">t</a> <a href="mailto:a@b.example">m</a></p>'
            '<details open=""><summary>More</summary><p>Text</p></details>'
            '<table><tbody><tr><td colspan="2" style="text-align: right">1</td></tr></tbody></table>')
    assert sanitize.clean(html) == html


def test_clean_drops_classes_and_ids_that_could_pass_for_the_site_own():
    assert sanitize.clean('<p class="ob-banner footnote" id="main">x</p>') == '<p class="footnote">x</p>'
    assert sanitize.clean('<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>') == \
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'


def test_violations_name_each_removed_piece_once_in_order():
    html = ('<p onclick="x" class="ob-banner">Hi <script>bad()</script><a href=" javascript:x">a</a>'
            '<iframe></iframe><img src="data:x" alt="a"><form></form><p onclick="y"></p></p>')
    assert [(v.kind, v.name) for v in sanitize.violations(html)] == [
        ("attribute", "onclick"), ("class", "ob-banner"), ("tag", "script"), ("url", "javascript"),
        ("tag", "iframe"), ("url", "data"), ("tag", "form")]


def test_violations_find_nothing_in_what_clean_keeps():
    assert list(sanitize.violations('<p class="footnote"><a href="https://x.example/">x</a></p>')) == []


def test_each_violation_message_says_the_fix():
    messages = [v.message for v in sanitize.violations('<script></script><b onclick="x">b</b><a href="data:x">a</a>')]
    assert messages == [
        "<script> is not allowed in a post and is removed from the page: delete it (posts may use emphasis, links, "
        "lists, tables, abbr, details and figures)",
        "the attribute onclick= is not allowed in a post and is removed: delete it",
        'a link or image uses "data:", which is not allowed (only https:, http:, mailto: and tel:): link to a web '
        "page, or put the file in files/ or images/",
    ]


# --- the HTML5 writer ------------------------------------------------------------------------------


def test_void_elements_are_written_without_an_end_tag():
    root = document.parse('<p>a<br>b<img src="/x.png" alt="">c</p><hr>')
    picture = steps.element("picture")
    picture.append(steps.element("source", {"srcset": "/a.webp 480w", "type": "image/webp"}))
    picture.append(steps.element("img", {"src": "/a.jpg", "alt": "A"}))
    root.append(picture)
    assert document.serialize(root) == ('<p>a<br>b<img src="/x.png" alt="">c</p><hr><picture>'
                                        '<source srcset="/a.webp 480w" type="image/webp"><img src="/a.jpg" alt="A">'
                                        "</picture>")


def test_boolean_attributes_are_written_bare_and_text_is_escaped():
    root = document.parse('<details open><summary>a &lt; b &amp; "c"</summary></details><p title="x &quot;y">z</p>')
    assert document.serialize(root) == ('<details open><summary>a &lt; b &amp; "c"</summary></details>'
                                        '<p title="x &quot;y">z</p>')


def test_serialize_may_rewrite_every_link_and_source():
    root = document.parse('<p><a href="/a/">a</a><img src="/b.png" alt=""></p>')
    assert document.serialize(root, lambda name, value: SITEURL + value) == (
        f'<p><a href="{SITEURL}/a/">a</a><img src="{SITEURL}/b.png" alt=""></p>')


def test_plain_text_puts_no_space_before_punctuation():
    root = body("Write to [us](mailto:info@millbrook-pd.example). Or *call*, today!\n\n- one\n- two\n")
    assert document.plain_text(root) == "Write to us. Or call, today! one two"


def test_first_paragraph_is_the_first_that_has_text():
    assert document.first_paragraph(body("## Heading\n\n![](/a.png)\n\nThe first words.\n\nMore.")) == "The first words."


# --- the steps ------------------------------------------------------------------------------------


def test_a_heading_one_in_the_text_is_demoted_so_the_page_keeps_one_h1():
    root = body("# Who we are\n\nText.\n\n## Contact\n\nMore.")
    steps.demote_headings(root)
    assert [h.tag for h in root.iter("h1", "h2", "h3")] == ["h2", "h3"]


def test_headings_get_stable_unique_ids_and_sections():
    root = body("## Purpose\n\n## Policy\n\n### Duty to intervene\n\n## Policy\n")
    sections = steps.heading_ids(root, SLUG_SUBS)
    assert [(s.id, s.title, s.level) for s in sections] == [
        ("purpose", "Purpose", 2), ("policy", "Policy", 2), ("duty-to-intervene", "Duty to intervene", 3),
        ("policy-2", "Policy", 2)]


def test_heading_anchors_link_to_the_heading_for_screen_readers_and_stay_out_of_search():
    root = body("## Reporting\n")
    steps.heading_ids(root, SLUG_SUBS)
    steps.heading_anchors(root, "Link to this section")
    anchor = soup(root).select_one("h2#reporting a.ob-anchor")
    assert anchor["href"] == "#reporting"
    assert anchor.get_text() == "#Link to this section: Reporting"
    assert anchor.has_attr("data-pagefind-ignore")
    assert anchor.find("span", attrs={"aria-hidden": "true"}).get_text() == "#"


def test_an_image_with_a_title_becomes_a_figure_with_a_caption():
    root = body("Text.\n\n![Map of the route](/images/map.png \"The bike unit's summer route\")\n")
    steps.figures(root)
    figure = soup(root).select_one("figure.ob-figure")
    assert figure.figcaption.get_text() == "The bike unit's summer route"
    assert figure.img["alt"] == "Map of the route" and figure.img.get("title") is None
    assert figure.parent.name != "p"


def test_a_figure_is_never_inside_a_paragraph():
    root = body("Text ![inline](/a.png \"Caption\") more.\n")
    steps.figures(root)
    assert soup(root).select("p figure") == []


def test_an_image_without_a_title_stays_an_image():
    root = body("![Map](/images/map.png)\n")
    steps.figures(root)
    assert soup(root).find("figure") is None


def test_tables_scroll_and_say_what_their_headers_head():
    root = body("| Type | Count |\n|:-----|------:|\n| Taser | 4 |\n")
    steps.tables(root, "Table")
    wrapper = soup(root).select_one("div.ob-table-wrap")
    assert (wrapper["role"], wrapper["tabindex"], wrapper["aria-label"]) == ("region", "0", "Table")
    table = wrapper.find("table")
    assert table["class"] == ["ob-table"]
    assert [th["scope"] for th in table.select("thead th")] == ["col", "col"]
    assert [td["class"] for td in table.select("tbody td")] == [["ob-align-left"], ["ob-align-right"]]
    assert not table.find(style=True)


def test_a_table_caption_labels_its_scroll_region():
    root = body("<table><caption>Arrests by month</caption><tbody><tr><th>Jan</th><td>3</td></tr></tbody></table>")
    steps.tables(root, "Table")
    assert soup(root).select_one("div.ob-table-wrap")["aria-label"] == "Arrests by month"
    assert soup(root).select_one("tbody th")["scope"] == "row"


def test_911_is_never_a_link():
    root = body("In an emergency call 911, or [tap here](tel:911). Non-emergency: 555-0100.")
    steps.contact_links(root, ["555-0100"])
    html = soup(root)
    assert html.find("a", href="tel:911") is None
    assert "tap here" in html.get_text()
    assert [a["href"] for a in html.find_all("a")] == ["tel:5550100"]


def test_department_numbers_and_emails_become_consistent_links():
    root = body("Call 555-0102 or write to Records@Millbrook-PD.example, or [call us](tel:555 0100).")
    steps.contact_links(root, ["555-0100", "555-0102"])
    links = {a.get_text(): a["href"] for a in soup(root).find_all("a")}
    assert links == {"555-0102": "tel:5550102", "Records@Millbrook-PD.example": "mailto:records@millbrook-pd.example",
                     "call us": "tel:5550100"}


def test_other_numbers_and_code_are_left_as_text():
    root = body("Case 555-0199 is closed. `555-0100 info@millbrook-pd.example`")
    steps.contact_links(root, ["555-0100"])
    assert soup(root).find("a") is None


def test_external_links_are_marked_and_send_nothing_to_the_other_site():
    root = body(f"See [the law](https://law.example.org/statute), [our policies]({SITEURL}/policies/) and "
                "[about](/about/).")
    steps.external_links(root, SITEURL, "another website")
    links = {a["href"]: a for a in soup(root).find_all("a")}
    external = links["https://law.example.org/statute"]
    assert external["rel"] == ["external", "noopener", "noreferrer"] and "ob-external" in external["class"]
    assert external.get_text() == "the law (another website)"
    for own in (f"{SITEURL}/policies/", "/about/"):
        assert links[own].get("rel") is None and "another website" not in links[own].get_text()


def test_links_the_resolver_refuses_lose_their_href_and_keep_their_text():
    root = body("[a draft]({filename}/stories/draft.md) and [a file]({static}/files/a.pdf)")
    steps.resolve_links(root, lambda href: None if "draft" in href else f"{SITEURL}/files/a.pdf")
    links = soup(root).find_all("a")
    assert [(a.get("href"), a.get_text()) for a in links] == [(None, "a draft"), (f"{SITEURL}/files/a.pdf", "a file")]
