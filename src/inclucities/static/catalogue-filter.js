/* The practice catalogue: filter the practices by theme, country, city, target group and key factor, and search
   them by text. The filter is kept in the page's address (`?theme=city-for-all&search=buddy`), so each state can be
   bookmarked and shared.

   Runs only on the catalogue page (a `.inclucities-catalogue-filter` container written by
   inclucities.pages.practices). Everything it needs is already in the page: each practice is a table row whose
   `.inclucities-practice` container carries its facets as class names (`inclucities-theme-city-for-all`), and the
   names of the options come from the `.inclucities-facet` containers of the row's cells (a target group is named
   after its id: `asylum-seekers` is "asylum seekers"; a country code is named by the browser). It loads nothing, so it
   works the same from file:// and http://. Without it every practice stays listed. */
(function () {
  "use strict";

  var ID = "inclucities-catalogue";
  // The URL parameter of the text search (the facets' parameters are their names). Not "q": Sphinx's
  // searchtools.js, loaded on every page, runs a site search whenever the address has a "q".
  var SEARCH = "search";
  var FACETS = [
    { name: "theme", label: "Theme", all: "All themes" },
    { name: "country", label: "Country", all: "All countries" },
    { name: "city", label: "City", all: "All cities" },
    { name: "group", label: "Target group", all: "All target groups" },
    { name: "factor", label: "Key factor", all: "All key factors" }
  ];

  function suffixes(element, prefix) {
    var found = [];
    element.classList.forEach(function (name) {
      if (name.indexOf(prefix) === 0) found.push(name.slice(prefix.length));
    });
    return found;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    for (var name in attributes) node.setAttribute(name, attributes[name]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Letters that are not a Latin letter with an accent, written as a reader without the key would type them.
  var FOLDED = { "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ı": "i", "þ": "th" };

  // Lower case, without accents and extra spaces: "Bydelsmødre" is found by "modre", "Fuenlabrada" by "FUENLABRADA".
  function normalised(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[øæœßłđıþ]/g, function (letter) { return FOLDED[letter]; })
      .replace(/\s+/g, " ").trim();
  }

  // A word of the search without its plural or final "y": "buddy" finds "buddies", "cities" finds "city".
  function stem(word) {
    if (word.length <= 3) return word;
    return word.replace(/(ies|es|s|y)$/, "") || word;
  }

  function countryName(code) {
    try {
      var name = new Intl.DisplayNames(["en"], { type: "region" }).of(code.toUpperCase());
      return name && name !== code.toUpperCase() ? name + " (" + code.toUpperCase() + ")" : code.toUpperCase();
    } catch (error) {
      return code.toUpperCase(); // an old browser: the code is shown as in the table
    }
  }

  function start() {
    var slot = document.querySelector(".inclucities-catalogue-filter");
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".inclucities-practice"));
    if (!slot || !boxes.length) return;

    // What the page holds: each practice's row, facets and text, and the name of every facet value.
    var names = {};
    var values = {};
    FACETS.forEach(function (facet) {
      names[facet.name] = {};
      values[facet.name] = [];
    });
    var entries = boxes.map(function (box) {
      var row = box.closest("tr") || box;
      var entry = { row: row, facets: {}, text: normalised(row.textContent) };
      FACETS.forEach(function (facet) {
        var prefix = "inclucities-" + facet.name + "-";
        entry.facets[facet.name] = suffixes(box, prefix);
        entry.facets[facet.name].forEach(function (value) {
          if (values[facet.name].indexOf(value) < 0) values[facet.name].push(value);
        });
        row.querySelectorAll(".inclucities-facet").forEach(function (cell) {
          suffixes(cell, prefix).forEach(function (value) {
            names[facet.name][value] = cell.textContent.replace(/\s+/g, " ").trim();
          });
        });
      });
      return entry;
    });
    values.country.forEach(function (code) { names.country[code] = countryName(code); });

    // The controls.
    var form = element("form", { id: ID + "-form", role: "search", "aria-label": "Filter the catalogue" });
    var fieldset = element("fieldset", { "class": "inclucities-filter-controls" });
    fieldset.style.cssText = "display:flex;flex-wrap:wrap;gap:0.5rem 1.5rem;align-items:end;border:1px solid currentColor;border-radius:0.25rem;padding:0.75rem 1rem;margin:1rem 0";
    var legend = element("legend", {}, "Filter the practices");
    legend.style.cssText = "font-weight:bold;padding:0 0.25rem;float:none;width:auto;font-size:1rem;margin:0";
    fieldset.appendChild(legend);
    function field(name, labelText, control) {
      var wrapper = element("div", {});
      wrapper.style.cssText = "display:flex;flex-direction:column;gap:0.25rem;max-width:100%";
      control.id = ID + "-" + name;
      control.name = name;
      control.style.maxWidth = "18rem";
      wrapper.appendChild(element("label", { "for": control.id }, labelText));
      wrapper.appendChild(control);
      fieldset.appendChild(wrapper);
      return control;
    }
    var selects = {};
    FACETS.forEach(function (facet) {
      var select = field(facet.name, facet.label, element("select", {}));
      select.appendChild(element("option", { value: "" }, facet.all));
      values[facet.name]
        .map(function (value) { return { value: value, name: names[facet.name][value] || value.replace(/-/g, " ") }; })
        .sort(function (a, b) { return a.name.localeCompare(b.name, "en"); })
        .forEach(function (item) { select.appendChild(element("option", { value: item.value }, item.name)); });
      selects[facet.name] = select;
    });
    var search = field(SEARCH, "Search", element("input", { type: "search", autocomplete: "off" }));
    var reset = element("button", { type: "button", id: ID + "-reset" }, "Reset the filter");
    fieldset.appendChild(reset);
    var status = element("p", { id: ID + "-status", role: "status", "aria-live": "polite" });
    status.style.cssText = "flex-basis:100%;margin:0";
    fieldset.appendChild(status);
    form.appendChild(fieldset);
    slot.textContent = "";
    slot.appendChild(form);

    // The state in the address: a value the page does not offer is ignored.
    function readAddress() {
      var params = new URLSearchParams(window.location.search);
      FACETS.forEach(function (facet) {
        var value = params.get(facet.name) || "";
        selects[facet.name].value = values[facet.name].indexOf(value) >= 0 ? value : "";
      });
      search.value = params.get(SEARCH) || "";
    }

    function writeAddress() {
      var params = new URLSearchParams(window.location.search); // other parameters are kept
      FACETS.forEach(function (facet) {
        if (selects[facet.name].value) params.set(facet.name, selects[facet.name].value);
        else params.delete(facet.name);
      });
      if (search.value.trim()) params.set(SEARCH, search.value.trim());
      else params.delete(SEARCH);
      var query = params.toString();
      var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      try {
        window.history.replaceState(window.history.state, "", address);
      } catch (error) {
        /* a browser that refuses to change a file:// address: the filter still works */
      }
    }

    function apply() {
      var words = normalised(search.value).split(" ").filter(Boolean).map(stem);
      var shown = 0;
      entries.forEach(function (entry) {
        var visible = FACETS.every(function (facet) {
          var chosen = selects[facet.name].value;
          return !chosen || entry.facets[facet.name].indexOf(chosen) >= 0;
        }) && words.every(function (word) { return entry.text.indexOf(word) >= 0; });
        entry.row.hidden = !visible;
        if (visible) shown += 1;
      });
      var message = shown + " of " + entries.length + " practices shown.";
      status.textContent = shown ? message : message + " No practice matches: change the filter or reset it.";
    }

    function update() {
      apply();
      writeAddress();
    }

    FACETS.forEach(function (facet) { selects[facet.name].addEventListener("change", update); });
    search.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    reset.addEventListener("click", function () {
      FACETS.forEach(function (facet) { selects[facet.name].value = ""; });
      search.value = "";
      update();
    });

    readAddress();
    apply();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
