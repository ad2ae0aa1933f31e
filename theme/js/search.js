/* The search page (contract section 12): Pagefind's default interface, started with the
   query in the address (?q=..., what every page's header search box sends). The page's own
   form is the fallback without JavaScript; it is hidden once Pagefind's takes its place.
   Results are announced to screen readers through the page's status line. No other page
   loads any script. */
(function () {
  "use strict";
  var mount = document.getElementById("ob-search");
  if (!mount || typeof window.PagefindUI !== "function") {
    return;
  }
  var status = document.getElementById("ob-search-status");
  var fallback = document.getElementById("ob-search-form");
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();

  function remember(term) {
    /* The address follows the query, so a search can be shared, bookmarked and gone back to. */
    var next = new URLSearchParams(window.location.search);
    if (term) {
      next.set("q", term);
    } else {
      next.delete("q");
    }
    var search = next.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    return term;
  }

  function tidy(result) {
    /* A heading's "#" self-link (hidden from screen readers on the page) is no part of its title. */
    (result.sub_results || []).forEach(function (sub) {
      sub.title = (sub.title || "").replace(/\s*#\s*$/, "");
    });
    return result;
  }

  /* Result addresses are the pages' paths in the site: under SITEURL's own path, if it has one. */
  var base = new URL(mount.getAttribute("data-site") || "/", window.location.href).pathname;

  var ui = new window.PagefindUI({
    element: "#ob-search",
    baseUrl: base,
    showImages: false,
    showSubResults: true,
    showEmptyFilters: false,
    openFilters: window.matchMedia("(min-width: 62em)").matches ? ["type"] : [],
    resetStyles: false,
    processTerm: remember,
    processResult: tidy
  });
  if (fallback) {
    fallback.hidden = true;
  }

  var typeLabel = mount.getAttribute("data-type-label");
  function relabel() {
    /* The filter is named "type" in every language (contract section 12); its label is not. */
    mount.querySelectorAll(".pagefind-ui__filter-name, .pagefind-ui__filter-group-label").forEach(function (label) {
      var text = label.textContent.trim();
      if (typeLabel && text !== typeLabel && text.toLowerCase() === "type") {
        label.textContent = typeLabel;
      }
    });
  }

  var timer = null;
  function announce() {
    var message = mount.querySelector(".pagefind-ui__message");
    if (status && message) {
      status.textContent = message.textContent;
    }
  }
  new MutationObserver(function () {
    relabel();
    window.clearTimeout(timer);
    timer = window.setTimeout(announce, 600);
  }).observe(mount, {childList: true, subtree: true, characterData: true});

  if (query) {
    ui.triggerSearch(query);
  }
})();
