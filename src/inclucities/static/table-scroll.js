// Wide tables scroll inside their own frame, never the page. A frame that overflows becomes a labelled, focusable
// region (keyboard users scroll it with the arrow keys) and shows a shaded edge on the side where columns are hidden.
(function () {
  "use strict";

  function label(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var node = table.closest("section");
    var heading = node && node.querySelector("h1, h2, h3, h4");
    return heading ? heading.textContent.replace(/#\s*$/, "").trim() : "Table";
  }

  function frame(table) {
    var scroller = table.parentElement;
    if (!scroller.classList.contains("pst-scrollable-table-container")) {
      scroller = document.createElement("div");
      table.parentNode.insertBefore(scroller, table);
      scroller.appendChild(table);
    }
    scroller.classList.add("inclucities-table-scroll");
    var outer = document.createElement("div");
    outer.className = "inclucities-table-frame";
    scroller.parentNode.insertBefore(outer, scroller);
    outer.appendChild(scroller);
    var hint = document.createElement("p");
    hint.className = "inclucities-scroll-hint";
    hint.setAttribute("aria-hidden", "true"); // the region's name says it to screen readers
    hint.textContent = "Scroll sideways to see every column \u2192";
    outer.insertBefore(hint, scroller);
    var name = label(table);

    function update() {
      var overflows = scroller.scrollWidth > scroller.clientWidth + 1;
      outer.classList.toggle("is-scrollable", overflows);
      outer.classList.toggle("more-left", overflows && scroller.scrollLeft > 1);
      outer.classList.toggle("more-right", overflows && scroller.scrollLeft + scroller.clientWidth < scroller.scrollWidth - 1);
      if (overflows) {
        scroller.setAttribute("tabindex", "0");
        scroller.setAttribute("role", "region");
        scroller.setAttribute("aria-label", name + " (scrolls sideways)");
      } else {
        scroller.removeAttribute("tabindex");
        scroller.removeAttribute("role");
        scroller.removeAttribute("aria-label");
      }
    }

    scroller.addEventListener("scroll", update, { passive: true });
    if (window.ResizeObserver) new ResizeObserver(update).observe(scroller);
    window.addEventListener("resize", update);
    update();
  }

  function start() {
    document.querySelectorAll(".bd-article table").forEach(function (table) {
      if (!table.closest(".inclucities-table-frame")) frame(table);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
