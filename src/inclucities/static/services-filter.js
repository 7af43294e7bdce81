/* One-stop-shop directories: filter the services by category and by language spoken, and switch the labels
   between English and French.

   Runs only on pages that hold a directory (a `.inclucities-services-filter` container written by
   inclucities.pages.services). Everything it needs is already in the page: categories and languages are class
   names of each `.inclucities-service` container, and the labels come from the page's own label tables. It
   loads nothing, so it works the same from file:// and http://. Without it every service stays visible. */
(function () {
  "use strict";

  var PAGE_LANGUAGE = "en"; // generated pages are written in English
  var STORAGE_KEY = "inclucities-services-labels";

  function suffixes(element, prefix) {
    var found = [];
    element.classList.forEach(function (name) {
      if (name.indexOf(prefix) === 0) found.push(name.slice(prefix.length));
    });
    return found;
  }

  // {en: {key: label}, fr: {...}} from the tables of the "Labels in English and French" block.
  function readLabels() {
    var labels = {};
    document.querySelectorAll(".inclucities-labels").forEach(function (box) {
      var lang = suffixes(box, "inclucities-labels-")[0];
      if (!lang) return;
      labels[lang] = labels[lang] || {};
      box.querySelectorAll("tbody tr").forEach(function (row) {
        var cells = row.querySelectorAll("td");
        if (cells.length >= 2) labels[lang][cells[0].textContent.trim()] = cells[1].textContent.trim();
      });
    });
    return labels;
  }

  function keyOf(labels, text, prefix) {
    var english = labels[PAGE_LANGUAGE] || {};
    for (var key in english) {
      if (key.indexOf(prefix) === 0 && english[key] === text) return key;
    }
    return null;
  }

  function capitalised(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    for (var name in attributes) node.setAttribute(name, attributes[name]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function start() {
    var slot = document.querySelector(".inclucities-services-filter");
    var services = Array.prototype.slice.call(document.querySelectorAll(".inclucities-service"));
    var labels = readLabels();
    if (!slot || !services.length || !labels.en) return;
    var current = PAGE_LANGUAGE;
    function t(key, lang) {
      var table = labels[lang || current] || {};
      return table[key] || labels.en[key] || key;
    }

    // What the page holds: each service with the section its heading opens, and each category's section.
    var categories = [];
    var languages = [];
    var translatable = []; // {node: Text|Element, key, owner: Element}
    services = services.map(function (box) {
      var service = {
        box: box,
        section: box.closest("section") || box,
        category: suffixes(box, "inclucities-category-")[0] || "",
        languages: suffixes(box, "inclucities-lang-"),
        languageList: null
      };
      if (categories.indexOf(service.category) < 0) categories.push(service.category);
      service.languages.forEach(function (code) {
        if (languages.indexOf(code) < 0) languages.push(code);
      });
      box.querySelectorAll("dt").forEach(function (term) {
        var key = keyOf(labels, term.textContent.trim(), "field.");
        if (!key) return;
        translatable.push({ node: term, key: key, owner: term });
        var definition = term.nextElementSibling;
        if (key === "field.languages" && definition) service.languageList = definition.querySelector("p") || definition;
      });
      return service;
    });
    var groups = categories.map(function (category) {
      var members = services.filter(function (s) { return s.category === category; });
      var first = members[0].section;
      var section = (first.parentElement && first.parentElement.closest("section")) || first;
      var heading = section.querySelector("h2");
      if (heading) {
        heading.childNodes.forEach(function (child) {
          if (child.nodeType === 3 && child.textContent.trim()) {
            translatable.push({ node: child, key: "category." + category, owner: heading, spaced: true });
          }
        });
      }
      return { category: category, section: section, members: members };
    });

    // The controls.
    var id = "inclucities-services";
    var fieldset = element("fieldset", { "class": "inclucities-filter-controls" });
    fieldset.style.cssText = "display:flex;flex-wrap:wrap;gap:0.5rem 1.5rem;align-items:end;border:1px solid currentColor;border-radius:0.25rem;padding:0.75rem 1rem;margin:1rem 0";
    var legend = element("legend", {});
    legend.style.cssText = "font-weight:bold;padding:0 0.25rem;float:none;width:auto;font-size:1rem;margin:0";
    fieldset.appendChild(legend);
    function field(name) {
      var wrapper = element("div", {});
      wrapper.style.cssText = "display:flex;flex-direction:column;gap:0.25rem";
      var labelNode = element("label", { "for": id + "-" + name });
      var select = element("select", { id: id + "-" + name });
      wrapper.appendChild(labelNode);
      wrapper.appendChild(select);
      fieldset.appendChild(wrapper);
      return { label: labelNode, select: select };
    }
    var byCategory = field("category");
    var byLanguage = field("language");
    var labelLanguage = field("labels");
    Object.keys(labels).forEach(function (lang) {
      var names = { en: "English", fr: "Français" };
      labelLanguage.select.appendChild(element("option", { value: lang, lang: lang }, names[lang] || lang));
    });
    var reset = element("button", { type: "button" });
    fieldset.appendChild(reset);
    var status = element("p", { role: "status", "aria-live": "polite" });
    status.style.cssText = "flex-basis:100%;margin:0";
    fieldset.appendChild(status);
    slot.textContent = "";
    slot.appendChild(fieldset);

    function fillOptions(select, allKey, values, nameOf) {
      var chosen = select.value;
      select.textContent = "";
      select.appendChild(element("option", { value: "" }, t(allKey)));
      values
        .map(function (value) { return { value: value, name: nameOf(value) }; })
        .sort(function (a, b) { return a.name.localeCompare(b.name, current); })
        .forEach(function (item) { select.appendChild(element("option", { value: item.value }, item.name)); });
      select.value = chosen;
    }

    function languageName(code) {
      return t("language." + code);
    }

    function mark(owner) {
      if (current === PAGE_LANGUAGE) owner.removeAttribute("lang");
      else owner.setAttribute("lang", current);
    }

    function showLabels(lang) {
      current = labels[lang] ? lang : PAGE_LANGUAGE;
      legend.textContent = t("ui.filter");
      byCategory.label.textContent = t("ui.category");
      byLanguage.label.textContent = t("ui.language");
      labelLanguage.label.textContent = t("ui.labels");
      reset.textContent = t("ui.reset");
      [legend, byCategory.label, byLanguage.label, labelLanguage.label, reset, status].forEach(mark);
      fillOptions(byCategory.select, "ui.all-categories", categories, function (c) { return t("category." + c); });
      fillOptions(byLanguage.select, "ui.all-languages", languages, function (code) { return capitalised(languageName(code)); });
      [byCategory.select, byLanguage.select].forEach(mark);
      translatable.forEach(function (item) {
        item.node.textContent = (item.spaced ? " " : "") + t(item.key);
        mark(item.owner);
      });
      services.forEach(function (service) {
        if (!service.languageList) return;
        service.languageList.textContent = service.languages.map(languageName).join(", ");
        mark(service.languageList);
      });
      labelLanguage.select.value = current;
    }

    function apply() {
      var category = byCategory.select.value;
      var language = byLanguage.select.value;
      var shown = 0;
      services.forEach(function (service) {
        var visible = (!category || service.category === category) &&
          (!language || service.languages.indexOf(language) >= 0);
        service.section.hidden = !visible;
        if (visible) shown += 1;
      });
      groups.forEach(function (group) {
        group.section.hidden = group.members.every(function (s) { return s.section.hidden; });
      });
      var message = t("ui.count").replace("{shown}", shown).replace("{total}", services.length);
      status.textContent = shown ? message : message + " " + t("ui.none");
    }

    byCategory.select.addEventListener("change", apply);
    byLanguage.select.addEventListener("change", apply);
    labelLanguage.select.addEventListener("change", function () {
      showLabels(labelLanguage.select.value);
      apply();
      try { window.localStorage.setItem(STORAGE_KEY, current); } catch (error) { /* storage may be off: fine */ }
    });
    reset.addEventListener("click", function () {
      byCategory.select.value = "";
      byLanguage.select.value = "";
      apply();
    });

    var saved = null;
    try { saved = window.localStorage.getItem(STORAGE_KEY); } catch (error) { saved = null; }
    showLabels(saved || PAGE_LANGUAGE);
    apply();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
