"""schema.org data for search engines and link previews: an article type for posts,
QAPage for answers, and the department as a GovernmentOrganization."""

from __future__ import annotations

from typing import Any

from ob_types.teaser import html_text

ARTICLE_TYPES = {"policies": "Article", "stories": "NewsArticle", "alerts": "SpecialAnnouncement", "data": "Dataset"}


def organization(settings: dict[str, Any]) -> dict[str, Any]:
    return {
        "@type": "GovernmentOrganization",
        "name": settings["SITENAME"],
        "url": f"{settings['SITEURL']}/",
        "address": settings.get("ADDRESS", ""),
        "telephone": settings.get("NON_EMERGENCY_PHONE", ""),
        "email": settings.get("CONTACT_EMAIL", ""),
        "areaServed": settings.get("CITY", ""),
    }


def structured_data(item: Any, settings: dict[str, Any], card_url: str) -> dict[str, Any]:
    """The JSON-LD object of one item's page."""
    siteurl, org = settings["SITEURL"], organization(settings)
    url = f"{siteurl}/{item.url}"
    if item.ob_type == "qa":
        return {
            "@context": "https://schema.org",
            "@type": "QAPage",
            "url": url,
            "inLanguage": item.lang,
            "publisher": org,
            "mainEntity": {
                "@type": "Question",
                "name": item.title,
                "text": item.question,
                "dateCreated": item.asked.isoformat() if item.asked else None,
                "answerCount": 1,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": html_text(item._content or ""),
                    "dateCreated": item.date.isoformat(),
                    "url": url,
                    "author": org,
                },
            },
        }
    if item.ob_type in ARTICLE_TYPES:
        data = {
            "@context": "https://schema.org",
            "@type": ARTICLE_TYPES[item.ob_type],
            "headline" if item.ob_type != "data" else "name": item.title,
            "description": item.teaser,
            "url": url,
            "inLanguage": item.lang,
            "datePublished": item.date.isoformat(),
            "dateModified": (getattr(item, "modified", None) or item.date).isoformat(),
            "image": card_url,
            "publisher": org,
        }
        if item.ob_type == "alerts" and item.expires is not None:
            data["expires"] = item.expires.isoformat()
        return data
    return {"@context": "https://schema.org", "@type": "WebPage", "name": item.title, "url": url,
            "inLanguage": item.lang, "publisher": org}


def site_data(settings: dict[str, Any]) -> dict[str, Any]:
    """For pages that are not items (home, indexes): the department itself."""
    return {"@context": "https://schema.org", **organization(settings)}
