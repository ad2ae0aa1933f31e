"""HTML post-processing: figures, tables, heading anchors, contents, external and contact links."""

from conftest import SITEURL, basic_site, image_bytes, page

LONG_POLICY = """
    Title: Use of Force
    Date: 2026-01-10
    Number: 300
    Effective: 2026-02-01

    ## Purpose

    Why.

    ## Policy

    What. See [the state law](https://law.example.org/statute) and [Policy 310](/policies/cameras/).

    ### Duty to intervene

    Step in.

    ## Reporting

    Call 555-0102 or write to Records@Millbrook-PD.example, or [call us](tel:555 0100).

    ## Policy

    A second section with the same name.

    | Type | Count |
    |------|-------|
    | Taser | 4 |
"""


def policy(site):
    files = basic_site()
    files["policies/use-of-force.md"] = LONG_POLICY
    return page(site(files), "/policies/use-of-force/")


def test_policy_headings_get_stable_ids_and_a_self_link(site):
    soup = policy(site)
    ids = [h["id"] for h in soup.select(".ob-prose h2, .ob-prose h3")]
    assert ids == ["purpose", "policy", "duty-to-intervene", "reporting", "policy-2"]
    anchor = soup.select_one("#reporting a.ob-anchor")
    assert anchor["href"] == "#reporting"
    assert "Link to this section: Reporting" in anchor.get_text()


def test_long_policy_has_a_table_of_contents(site):
    toc = policy(site).select_one("nav.ob-toc")
    assert [a["href"] for a in toc.select("a")] == ["#purpose", "#policy", "#reporting", "#policy-2"]


def test_short_policy_has_no_table_of_contents(basic_output):
    assert page(basic_output, "/policies/use-of-force/").select_one("nav.ob-toc") is None


def test_tables_scroll_and_mark_their_headers(site):
    soup = policy(site)
    wrapper = soup.select_one(".ob-prose .ob-table-wrap")
    assert wrapper["role"] == "region" and wrapper["tabindex"] == "0" and wrapper["aria-label"]
    assert [th["scope"] for th in wrapper.select("thead th")] == ["col", "col"]


def test_external_links_are_marked_and_get_noopener(site):
    soup = policy(site)
    external = soup.find("a", href="https://law.example.org/statute")
    assert {"noopener", "noreferrer", "external"} <= set(external["rel"])
    assert "another website" in external.get_text()
    internal = soup.find("a", href="/policies/cameras/")
    assert internal.get("rel") is None


def test_phone_numbers_and_emails_become_consistent_links(site):
    soup = policy(site)
    assert soup.select_one('.ob-prose a[href="tel:5550102"]').get_text() == "555-0102"
    assert soup.select_one('.ob-prose a[href="tel:5550100"]').get_text() == "call us"
    assert soup.select_one('.ob-prose a[href="mailto:records@millbrook-pd.example"]')


def test_image_with_a_title_becomes_a_figure_with_a_caption(site):
    files = basic_site()
    files["images/map.png"] = image_bytes((600, 400))
    files["stories/bike-unit.md"] += '\n    ![Map of the route](/images/map.png "The bike unit\'s summer route")\n'
    soup = page(site(files), "/stories/bike-unit/")
    figure = soup.select_one(".ob-prose figure.ob-figure")
    assert figure.figcaption.get_text() == "The bike unit's summer route"
    assert figure.find("img")["alt"] == "Map of the route"
    assert figure.find("img").get("title") is None
    assert figure.parent.name != "p"


def test_links_to_our_own_site_are_not_external(site):
    files = basic_site()
    files["pages/about.md"] = f"Title: About\n\nSee [our policies]({SITEURL}/policies/).\n"
    link = page(site(files), "/about/").find("a", href=f"{SITEURL}/policies/")
    assert "ob-external" not in link.get("class", [])


def test_a_heading_one_in_the_text_is_demoted_so_the_page_keeps_one_h1(site):
    files = basic_site()
    files["pages/about.md"] = "Title: About\n\n# Who we are\n\nText.\n\n## Contact\n\nMore.\n"
    soup = page(site(files), "/about/")
    assert len(soup.find_all("h1")) == 1
    assert [h.name for h in soup.select(".ob-prose h2, .ob-prose h3")] == ["h2", "h3"]
