// termbase: results as you type in the search box. Plain JavaScript, no framework, no inline code.
// Without JavaScript the search box is an ordinary form (GET /?q=…), so this file only improves it.
"use strict";

(function () {
  const form = document.getElementById("search-form");
  if (!form) {
    return;
  }
  const input = document.getElementById("q");
  const langSelect = document.getElementById("lang");
  const results = document.getElementById("results");
  const status = document.getElementById("status");
  const hl = new URLSearchParams(window.location.search).get("hl");
  let timer = null;
  let latest = 0;

  function conceptUrl(id) {
    return "/concepts/" + encodeURIComponent(id) + (hl ? "?hl=" + encodeURIComponent(hl) : "");
  }

  function span(className, text, lang) {
    const element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    if (lang) {
      element.lang = lang;
    }
    return element;
  }

  function render(matches) {
    results.replaceChildren();
    for (const match of matches) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = conceptUrl(match.id);
      link.append(span("id", match.id));
      const langs = span("langs", "");
      for (const [tag, texts] of Object.entries(match.terms)) {
        const entry = span("form", "");
        entry.append(span("tag", tag), " ", span("", texts[0], tag));
        langs.append(entry);
      }
      link.append(langs);
      const score = span("score", form.dataset.score + " " + match.score + " · ");
      score.append(span("", match.matched.text, match.matched.lang));
      link.append(score);
      item.append(link);
      results.append(item);
    }
    status.textContent = matches.length
      ? form.dataset.found.replace("{count}", String(matches.length))
      : form.dataset.none;
  }

  async function search() {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) {
      results.replaceChildren();
      status.textContent = "";
      return;
    }
    const params = new URLSearchParams({ q: query, limit: "20" });
    if (langSelect && langSelect.value) {
      params.set("lang", langSelect.value);
    }
    try {
      const response = await fetch(form.dataset.api + "?" + params.toString(), {
        headers: { Accept: "application/json" },
      });
      if (ticket !== latest) {
        return; // a newer query was typed meanwhile
      }
      if (!response.ok) {
        const body = await response.json();
        results.replaceChildren();
        status.textContent = body.error || String(response.status);
        return;
      }
      render(await response.json());
      const url = new URL(window.location.href);
      url.searchParams.set("q", query);
      window.history.replaceState(null, "", url);
    } catch (error) {
      if (ticket === latest) {
        status.textContent = String(error);
      }
    }
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 200);
  }

  function links() {
    return Array.from(results.querySelectorAll("a"));
  }

  input.addEventListener("input", schedule);
  if (langSelect) {
    langSelect.addEventListener("change", schedule);
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    }
  });
  results.addEventListener("keydown", function (event) {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at < 0) {
      return;
    }
    if (event.key === "ArrowDown" && at + 1 < all.length) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === "Escape") {
      input.focus();
    }
  });
})();
