// The ptsearch search page: keeps its state in the URL, queries GET /search, and draws results, facets, chart and pages.
"use strict";

(() => {
  const PAGE_SIZE = 10;
  const FACET_SIZE = 10;
  // Filter fields the URL and the API share (each repeatable), in display order.
  const FILTERS = ["source", "actor", "author", "year", "month", "from", "to"];
  const FILTER_NAMES = {
    source: "Source", actor: "About", author: "By", year: "Year", month: "Month", from: "From", to: "To",
  };
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  const $ = (id) => document.getElementById(id);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  // Labels of facet values seen so far (slug -> name), for the active-filter buttons.
  const labels = new Map();
  let seq = 0;            // renders finished (body[data-seq]: tests wait on it)
  let controller = null;  // the request in flight, aborted by a newer one

  // ---- state <-> URL --------------------------------------------------------------------------

  function readState(search) {
    const params = new URLSearchParams(search);
    const state = { q: params.get("q") || "", sort: params.get("sort") || "", like: params.get("like") || "" };
    for (const f of FILTERS) state[f] = params.getAll(f).filter((v) => v !== "");
    const page = parseInt(params.get("page") || "1", 10);
    state.page = Number.isFinite(page) && page > 0 ? page : 1;
    return state;
  }

  function stateQuery(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const f of FILTERS) for (const v of state[f]) params.append(f, v);
    if (state.sort) params.set("sort", state.sort);
    if (state.like) params.set("like", state.like);
    if (state.page > 1) params.set("page", String(state.page));
    const s = params.toString();
    return s ? "?" + s : "";
  }

  function copyState(state) {
    const c = { q: state.q, sort: state.sort, like: state.like, page: state.page };
    for (const f of FILTERS) c[f] = state[f].slice();
    return c;
  }

  function hrefFor(state) {
    return location.pathname + stateQuery(state);
  }

  // Goes to a new state: a new history entry (back returns), then a search.
  function go(state) {
    history.pushState(null, "", hrefFor(state));
    run(state);
  }

  // A link that navigates within the page (still a real link: new tab, copy address).
  function stateLink(state, text, className) {
    const a = document.createElement("a");
    a.href = hrefFor(state);
    a.textContent = text;
    if (className) a.className = className;
    a.addEventListener("click", (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      go(state);
    });
    return a;
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ---- the API ----------------------------------------------------------------------------------

  function apiQuery(state) {
    const params = new URLSearchParams();
    params.set("q", state.q);
    for (const f of FILTERS) for (const v of state[f]) params.append(f, v);
    if (state.sort) params.set("sort", state.sort);
    if (state.like) params.set("like", state.like);
    params.set("offset", String((state.page - 1) * PAGE_SIZE));
    params.set("limit", String(PAGE_SIZE));
    params.set("facets", "1");
    params.set("facet_size", String(FACET_SIZE));
    return "/search?" + params.toString();
  }

  // The access token of a server that asks for one (401), kept for this tab only.
  const TOKEN_KEY = "ptsearch-token";
  function storedToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || "";
    } catch (e) {
      return "";
    }
  }

  async function fetchJson(url, signal) {
    let response;
    const headers = { Accept: "application/json" };
    const token = storedToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      response = await fetch(url, { signal, headers });
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new Error("The search server cannot be reached.");
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok || !body || body.error) {
      const message = body && body.error && body.error.message ? body.error.message
        : `The server answered ${response.status} ${response.statusText}.`;
      const error = new Error(message);
      error.needsToken = response.status === 401;
      throw error;
    }
    return body;
  }

  function isEmpty(state) {
    return !state.q.trim() && !state.like && FILTERS.every((f) => state[f].length === 0);
  }

  async function run(state) {
    $("q").value = state.q;
    $("sort").value = state.sort;
    document.title = state.q ? `${state.q} – ptsearch` : state.like ? "More like this – ptsearch" : "ptsearch";
    if (controller) controller.abort();
    controller = new AbortController();
    const mine = controller;
    const url = location.search;
    document.body.dataset.state = "loading";
    document.body.setAttribute("aria-busy", "true");
    try {
      const result = await fetchJson(apiQuery(state), mine.signal);
      if (mine !== controller) return;
      render(state, result);
      finish("ready", url);
    } catch (e) {
      if (e.name === "AbortError" || mine !== controller) return;
      if (e.needsToken) {
        clear();
        showTokenForm(state);
        finish("error", url);
        return;
      }
      if (isEmpty(state)) {
        // The landing page browses everything; a server that declines shows just the box.
        clear();
        finish("ready", url);
        return;
      }
      clear();
      showError(e.message);
      renderFilters(state);
      finish("error", url);
    }
  }

  // body[data-state] is ready or error, body[data-rendered] the query string shown, body[data-seq]
  // counts renders: what tests wait on.
  function finish(how, url) {
    document.body.dataset.state = how;
    document.body.dataset.rendered = url;
    document.body.removeAttribute("aria-busy");
    seq += 1;
    document.body.dataset.seq = String(seq);
  }

  // A server started with an access token answers 401 until the page sends it: ask for it once
  // per tab (sessionStorage), then search again.
  function showTokenForm(state) {
    const box = $("error");
    const form = el("form", "token-form");
    form.id = "token-form";
    const label = el("label", null, "Access token: ");
    const input = el("input");
    input.type = "password";
    input.id = "token";
    input.autocomplete = "off";
    label.append(input);
    const button = el("button", null, "Use token");
    button.type = "submit";
    form.append(label, button);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      try {
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      } catch (err) {
        return;
      }
      run(state);
    });
    const said = storedToken() ? "The access token given was refused; enter another." : "This server needs an access token.";
    box.replaceChildren(el("strong", null, said), form);
    box.hidden = false;
    input.focus();
  }

  function showError(message) {
    const box = $("error");
    box.replaceChildren(el("strong", null, "Error: "), document.createTextNode(message));
    box.hidden = false;
  }

  function clear() {
    $("error").hidden = true;
    $("error").replaceChildren();
    for (const id of ["facets", "filters", "status", "suggestion", "chart-bars", "chart-caption", "results", "pager"])
      $(id).replaceChildren();
    $("chart").hidden = true;
    $("suggestion").hidden = true;
  }

  // ---- rendering --------------------------------------------------------------------------------

  function render(state, result) {
    clear();
    const facets = result.facets || {};
    for (const name of ["source", "actor"]) {
      const facet = facets[name];
      if (facet) for (const v of facet.values || []) labels.set(name + ":" + v.value, v.label);
    }
    renderFilters(state);
    renderStatus(state, result);
    renderChart(state, facets);
    renderResults(state, result);
    renderPager(state, result);
    renderFacets(state, facets);
  }

  function labelOf(field, value) {
    return labels.get(field + ":" + value) || value;
  }

  // The active filters, each a button that removes it.
  function renderFilters(state) {
    const box = $("filters");
    const buttons = [];
    if (state.like) {
      const s = copyState(state);
      s.like = "";
      s.page = 1;
      buttons.push(removeButton(`Like: ${state.like}`, s));
    }
    for (const f of FILTERS) {
      for (const v of state[f]) {
        const s = copyState(state);
        s[f] = s[f].filter((x) => x !== v);
        s.page = 1;
        buttons.push(removeButton(`${FILTER_NAMES[f]}: ${labelOf(f, v)}`, s));
      }
    }
    if (buttons.length === 0) return;
    box.append(el("span", "filters-label", "Filtered by"), ...buttons);
  }

  function removeButton(text, target) {
    const b = el("button", "chip");
    b.type = "button";
    b.append(el("span", null, text), el("span", "chip-x", "×"));
    b.setAttribute("aria-label", `Remove filter ${text}`);
    b.addEventListener("click", () => go(target));
    return b;
  }

  function plural(n, one, many) {
    return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
  }

  function renderStatus(state, result) {
    const total = result.total || {};
    const n = typeof total.estimate === "number" ? total.estimate : (result.hits || []).length;
    let text = (total.exact === false ? "about " : "") + plural(n, "match", "matches");
    if (state.like) text += ` like “${state.like}”`;
    if (state.q.trim()) text += ` for “${state.q}”`;
    else if (isEmpty(state)) text += " (all documents)";
    const distinct = typeof result.distinct === "number" ? result.distinct : n;
    if (result.collapsed && distinct < n) text += `, ${plural(distinct, "story", "distinct stories")}`;
    const hits = result.hits || [];
    if (hits.length > 0) text += `; showing ${hits[0].rank}–${hits[hits.length - 1].rank}`;
    if (typeof result.elapsed_ms === "number") text += ` (${result.elapsed_ms.toFixed(1)} ms)`;
    const status = $("status");
    status.textContent = text;
    status.dataset.total = String(n);
    const box = $("suggestion");
    if (typeof result.suggestion === "string" && result.suggestion) {
      const s = copyState(state);
      s.q = result.suggestion;
      s.page = 1;
      const b = el("button", "link", result.suggestion);
      b.type = "button";
      b.addEventListener("click", () => go(s));
      box.replaceChildren(document.createTextNode("Did you mean: "), b, document.createTextNode("?"));
      box.hidden = false;
    }
  }

  // A snippet's text with its highlights as <mark>: the offsets are UTF-8 bytes, so they are applied
  // to the encoded bytes and each piece is decoded back (never parsed as HTML).
  function snippetNode(snippet) {
    const p = el("p", "snippet");
    const text = (snippet && snippet.text) || "";
    const bytes = encoder.encode(text);
    let at = 0;
    for (const pair of (snippet && snippet.highlights) || []) {
      if (!Array.isArray(pair) || pair.length < 2) continue;
      const start = Number(pair[0]);
      const end = start + Number(pair[1]);
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < at || end > bytes.length || end <= start) continue;
      if (start > at) p.append(document.createTextNode(decoder.decode(bytes.subarray(at, start))));
      p.append(el("mark", null, decoder.decode(bytes.subarray(start, end))));
      at = end;
    }
    if (at < bytes.length) p.append(document.createTextNode(decoder.decode(bytes.subarray(at))));
    return p;
  }

  function dateText(date) {
    if (!date || !date.iso) return "";
    const parts = date.iso.split("-");
    if (parts.length === 3) return `${parseInt(parts[2], 10)} ${MONTHS[parseInt(parts[1], 10) - 1] || parts[1]} ${parts[0]}`;
    if (parts.length === 2) return `${MONTHS[parseInt(parts[1], 10) - 1] || parts[1]} ${parts[0]}`;
    return parts[0];
  }

  function renderResults(state, result) {
    const list = $("results");
    const hits = result.hits || [];
    if (hits.length === 0) {
      list.append(el("li", "empty", state.page > 1 ? "No more matches: this page is past the end." : "No matches. Try other words, or remove a filter."));
      return;
    }
    list.start = hits[0].rank || 1;
    for (const hit of hits) {
      const li = el("li", "hit");
      li.dataset.id = hit.id;
      li.append(el("h2", "title", hit.title || hit.id));
      li.append(el("div", "id", hit.id));

      const meta = el("div", "meta");
      const bits = [];
      if (hit.source && hit.source.name) bits.push(el("span", "source", hit.source.name));
      const d = dateText(hit.date);
      if (d) {
        const t = el("time", "date", d);
        t.dateTime = hit.date.iso;
        bits.push(t);
      }
      const authors = (hit.authors || []).map((a) => a.name).filter(Boolean);
      if (authors.length) bits.push(el("span", "authors", "by " + authors.join(", ")));
      bits.forEach((b, i) => {
        if (i > 0) meta.append(document.createTextNode(" · "));
        meta.append(b);
      });
      if (bits.length) li.append(meta);

      li.append(snippetNode(hit.snippet));

      const actors = (hit.actors || []).slice(0, 5);
      if (actors.length) {
        const about = el("div", "about");
        about.append(el("span", "about-label", "About: "));
        actors.forEach((a, i) => {
          if (i > 0) about.append(document.createTextNode(", "));
          about.append(el("span", "actor", a.name));
        });
        li.append(about);
      }

      const dups = hit.duplicates || [];
      if (dups.length) {
        const also = el("div", "also");
        also.append(el("span", "also-label", "Also published as: "));
        dups.forEach((dup, i) => {
          if (i > 0) also.append(document.createTextNode("; "));
          const name = dup.source && dup.source.name ? `${dup.source.name} (${dup.id})` : dup.id;
          also.append(el("span", "dup", name));
        });
        li.append(also);
      }

      const like = copyState(state);
      for (const f of FILTERS) like[f] = [];
      like.q = "";
      like.sort = "";
      like.page = 1;
      like.like = hit.id;
      const actions = el("div", "actions");
      const link = stateLink(like, "More like this", "more-like");
      link.setAttribute("aria-label", `More like “${hit.title || hit.id}”`);
      actions.append(link);
      li.append(actions);
      list.append(li);
    }
  }

  function renderPager(state, result) {
    const nav = $("pager");
    const distinct = typeof result.distinct === "number" ? result.distinct : ((result.total || {}).estimate || 0);
    const pages = Math.max(1, Math.ceil(distinct / PAGE_SIZE));
    if (pages <= 1 && state.page <= 1) return;
    const at = (page) => {
      const s = copyState(state);
      s.page = page;
      return s;
    };
    const list = el("ul");
    const item = (node) => {
      const li = el("li");
      li.append(node);
      list.append(li);
    };
    if (state.page > 1) item(stateLink(at(state.page - 1), "‹ Previous", "prev"));
    else item(el("span", "prev disabled", "‹ Previous"));
    // Pages 1, last, and two either side of the current one; gaps as "…".
    let last = 0;
    for (let p = 1; p <= pages; ++p) {
      if (p !== 1 && p !== pages && Math.abs(p - state.page) > 2) continue;
      if (p - last > 1) item(el("span", "gap", "…"));
      if (p === state.page) {
        const cur = el("span", "page current", String(p));
        cur.setAttribute("aria-current", "page");
        item(cur);
      } else {
        const a = stateLink(at(p), String(p), "page");
        a.setAttribute("aria-label", `Page ${p}`);
        item(a);
      }
      last = p;
    }
    if (state.page < pages) item(stateLink(at(state.page + 1), "Next ›", "next"));
    else item(el("span", "next disabled", "Next ›"));
    nav.append(list);
  }

  // The date histogram: years, or the months of the one selected year; a bar filters to its period.
  function renderChart(state, facets) {
    const years = (facets.year && facets.year.values) || [];
    const months = (facets.month && facets.month.values) || [];
    let bars = [];
    let field;
    let caption;
    if (state.year.length === 1 && /^\d{4}$/.test(state.year[0])) {
      const y = state.year[0];
      field = "month";
      caption = `Matches by month, ${y}`;
      const counts = new Map(months.map((m) => [m.value, m.count]));
      for (let m = 1; m <= 12; ++m) {
        const value = `${y}-${String(m).padStart(2, "0")}`;
        bars.push({ value, label: MONTHS[m - 1], title: `${MONTHS[m - 1]} ${y}`, count: counts.get(value) || 0 });
      }
    } else {
      field = "year";
      caption = "Matches by year";
      const known = years.filter((v) => /^\d{4}$/.test(v.value));
      if (known.length === 0) return;
      const first = parseInt(known[0].value, 10);
      const lastYear = parseInt(known[known.length - 1].value, 10);
      if (lastYear - first < 60) {
        const counts = new Map(known.map((v) => [v.value, v.count]));
        for (let y = first; y <= lastYear; ++y) bars.push({ value: String(y), label: String(y), title: String(y), count: counts.get(String(y)) || 0 });
      } else {
        bars = known.map((v) => ({ value: v.value, label: v.label, title: v.label, count: v.count }));
      }
    }
    const max = Math.max(1, ...bars.map((b) => b.count));
    const box = $("chart-bars");
    box.setAttribute("aria-label", caption);
    for (const bar of bars) {
      const selected = state[field].includes(bar.value);
      const b = el("button", "bar" + (selected ? " selected" : ""));
      b.type = "button";
      b.dataset.value = bar.value;
      b.setAttribute("aria-pressed", selected ? "true" : "false");
      b.setAttribute("aria-label", `${bar.title}: ${plural(bar.count, "match", "matches")}`);
      b.title = `${bar.title}: ${plural(bar.count, "match", "matches")}`;
      const fill = el("span", "bar-fill");
      fill.style.height = `${Math.round((bar.count / max) * 100)}%`;
      const count = el("span", "bar-count", bar.count ? String(bar.count) : "");
      const label = el("span", "bar-label", bar.label);
      const track = el("span", "bar-track");
      track.append(fill);
      b.append(count, track, label);
      b.disabled = bar.count === 0 && !selected;
      b.addEventListener("click", () => {
        const s = copyState(state);
        s[field] = selected ? [] : [bar.value];
        s.page = 1;
        go(s);
      });
      box.append(b);
    }
    $("chart-caption").textContent = caption;
    $("chart").hidden = false;
  }

  // The sidebar: each facet value a toggle button with its count.
  function renderFacets(state, facets) {
    const aside = $("facets");
    const groups = [
      ["source", "Sources"],
      ["actor", "Actors"],
      ["year", "Years"],
    ];
    if (state.year.length > 0 || state.month.length > 0) groups.push(["month", "Months"]);
    for (const [field, title] of groups) {
      const facet = facets[field];
      const values = (facet && facet.values) || [];
      // Selected values stay listed (to remove them) even when the facet no longer counts them.
      const shown = values.slice();
      for (const v of state[field]) {
        if (!shown.some((x) => x.value === v)) shown.push({ value: v, label: labelOf(field, v), count: 0 });
      }
      if (shown.length === 0) continue;
      const section = el("section", "facet");
      section.dataset.facet = field;
      const id = `facet-${field}`;
      const h = el("h2", null, title);
      h.id = id;
      section.setAttribute("aria-labelledby", id);
      section.append(h);
      const ul = el("ul");
      for (const v of shown) {
        const selected = state[field].includes(v.value);
        const li = el("li");
        const b = el("button", "facet-value" + (selected ? " selected" : ""));
        b.type = "button";
        b.dataset.value = v.value;
        b.setAttribute("aria-pressed", selected ? "true" : "false");
        const name = el("span", "facet-label", field === "month" ? monthLabel(v.value, v.label) : v.label);
        b.append(name);
        if (v.type) b.append(el("span", `facet-type type-${v.type}`, v.type));
        b.append(el("span", "facet-count", String(v.count)));
        b.setAttribute("aria-label", `${v.label}${v.type ? ` (${v.type})` : ""}: ${plural(v.count, "match", "matches")}${selected ? ", selected: click to remove" : ""}`);
        b.addEventListener("click", () => {
          const s = copyState(state);
          s[field] = selected ? s[field].filter((x) => x !== v.value) : s[field].concat([v.value]);
          s.page = 1;
          go(s);
        });
        li.append(b);
        ul.append(li);
      }
      section.append(ul);
      if (facet && facet.more > 0) section.append(el("p", "facet-more", `and ${facet.more} more`));
      aside.append(section);
    }
  }

  function monthLabel(value, label) {
    const m = /^(\d{4})-(\d{2})$/.exec(value);
    return m ? `${MONTHS[parseInt(m[2], 10) - 1] || m[2]} ${m[1]}` : label;
  }

  // ---- wiring -----------------------------------------------------------------------------------

  function start() {
    $("search-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const s = readState(location.search);
      s.q = $("q").value;
      s.sort = $("sort").value;
      s.like = "";
      s.page = 1;
      go(s);
    });
    $("sort").addEventListener("change", () => {
      const s = readState(location.search);
      s.sort = $("sort").value;
      s.page = 1;
      go(s);
    });
    $("home").addEventListener("click", (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      go(readState(""));
    });
    window.addEventListener("popstate", () => run(readState(location.search)));
    // A page restored from the back-forward cache shows what it showed when left: redo its URL.
    window.addEventListener("pageshow", (e) => {
      if (e.persisted) run(readState(location.search));
    });
    run(readState(location.search));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
