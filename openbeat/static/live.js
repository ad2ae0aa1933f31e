// The preview's live reload (openbeat/preview.py adds this script to pages it serves; never in a build).
// After a rebuild the page reloads itself; after a failed one it shows the problems on the page.
(function () {
  "use strict";
  var source = new EventSource("/__openbeat/events");
  source.addEventListener("reload", function () {
    window.location.reload();
  });
  source.addEventListener("problems", function (event) {
    var lines = JSON.parse(event.data);
    var box = document.getElementById("ob-preview-problems") || document.createElement("section");
    box.id = "ob-preview-problems";
    box.setAttribute("role", "alert");
    box.setAttribute("style", "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:1000;" +
      "background:#a4161a;color:#fff;padding:1rem;font:1rem/1.4 system-ui,sans-serif");
    box.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "Not rebuilt: fix these lines and save (the page shows the last good version)";
    box.appendChild(title);
    var list = document.createElement("ul");
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  });
}());
