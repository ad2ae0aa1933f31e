"""schema.org data of each page: the item's type from the table, the department as publisher."""

from __future__ import annotations

from typing import Any

from .behaviours import behaviour
from .item import Item
from .keys import REFS

ARTICLES = ("Article", "NewsArticle", "BlogPosting", "Report", "SpecialAnnouncement")


def organization(settings: dict[str, Any], logo: str = "") -> dict[str, Any]:
    siteurl = settings["SITEURL"].rstrip("/")
    data = {
        "@type": "GovernmentOrganization",
        "name": settings["SITENAME"],
        "url": f"{siteurl}/",
        "address": settings.get("ADDRESS", ""),
        "telephone": settings.get("NON_EMERGENCY_PHONE", ""),
        "email": settings.get("CONTACT_EMAIL", ""),
        "areaServed": settings.get("CITY", ""),
    }
    if logo:
        data["logo"] = f"{siteurl}/{logo}"
    accounts = settings.get("SOCIAL_ACCOUNTS") or {}
    if accounts:
        data["sameAs"] = sorted(accounts.values())
    return data


def item_data(item: Item, settings: dict[str, Any], logo: str = "") -> dict[str, Any]:
    """The JSON-LD object of one item's page (logo: the logo's path in the site, or "")."""
    siteurl = settings["SITEURL"].rstrip("/")

    def absolute(path: str) -> str:
        return f"{siteurl}/{path}"

    org = organization(settings, logo)
    url = absolute(item.url)
    schema = item.type.schema
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": schema, "url": url, "inLanguage": item.lang,
                            "publisher": org}
    if schema in ARTICLES:
        # The people a post names (a key naming profiles, such as Officers) are its authors.
        officers = [other for key in item.type.keys if key.kind == REFS for other in item.links.get(key.id, ())
                    if other.type.schema == "ProfilePage"]
        data.update({
            "headline": item.title, "description": item.teaser,
            "image": absolute(item.card.path),
            "author": [{"@type": "Person", "name": o.title, "url": absolute(o.url)} for o in officers] or org,
        })
    else:
        data.update({"name": item.title, "description": item.teaser})
    if item.date is not None:
        data["datePublished"] = item.date.isoformat()
        data["dateModified"] = item.updated.isoformat()
    if schema == "Dataset" and item.parts.get("dataset"):
        dataset = item.parts["dataset"]
        data.update({
            "creator": org, "license": settings["DATA_LICENSE"], "isAccessibleForFree": True,
            "distribution": [{"@type": "DataDownload", "encodingFormat": "text/csv",
                              "contentUrl": absolute(dataset.csv_url), "name": dataset.csv_name}],
        })
    if schema == "ProfilePage":
        data["mainEntity"] = {"@type": "Person", "name": item.title, "jobTitle": item.get("rank") or "",
                              "worksFor": {"@type": "GovernmentOrganization", "name": settings["SITENAME"]}}
        if item.image:
            data["mainEntity"]["image"] = absolute(item.image.display.path)
    for name in item.type.behaviours:
        hook = getattr(behaviour(name), "jsonld", None)
        if hook is not None:
            hook(item, data, absolute)
    return data


def site_data(settings: dict[str, Any], logo: str = "") -> dict[str, Any]:
    """For pages that are not items (home, indexes, history): the department itself."""
    return {"@context": "https://schema.org", **organization(settings, logo)}
