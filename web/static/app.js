// vanthu: list items (add, remove, reorder) and live percentages in the
// compose form. Every page works without this file: the same buttons are
// handled by the server when it does not run.
(function () {
  "use strict";

  // ---- list items --------------------------------------------------------
  function fieldID(path) {
    return "f-" + path.replace(/\./g, "-").replace(/\[/g, "-").replace(/\]/g, "").replace(/_/g, "-");
  }

  // rename moves every name, id and reference inside el from the path
  // prefix "from" to "to" (only el's own subtree carries them).
  function rename(el, from, to) {
    var fromID = fieldID(from), toID = fieldID(to);
    function swapPath(v) { return v.indexOf(from) === 0 ? to + v.slice(from.length) : v; }
    function swapID(v) {
      return v.split(" ").map(function (t) { return t.indexOf(fromID) === 0 ? toID + t.slice(fromID.length) : t; }).join(" ");
    }
    function visit(node) {
      var all = [node].concat(Array.prototype.slice.call(node.querySelectorAll("*")));
      all.forEach(function (n) {
        if (n.nodeType !== 1) { return; }
        if (n.hasAttribute("name") && n.name !== "op" && n.name !== "action") { n.setAttribute("name", swapPath(n.getAttribute("name"))); }
        ["id", "for", "aria-describedby"].forEach(function (a) { if (n.hasAttribute(a)) { n.setAttribute(a, swapID(n.getAttribute(a))); } });
        ["data-path", "data-list"].forEach(function (a) { if (n.hasAttribute(a)) { n.setAttribute(a, swapPath(n.getAttribute(a))); } });
        if (n.name === "op") {
          var parts = n.value.split(" ");
          n.value = parts[0] + " " + swapPath(parts.slice(1).join(" "));
        }
        if (n.tagName === "TEMPLATE") { visit(n.content); }
      });
    }
    visit(el);
  }

  function renumber(list) {
    var base = list.getAttribute("data-path");
    var items = list.querySelectorAll(":scope > ol.items > li.item");
    Array.prototype.forEach.call(items, function (li, i) {
      var want = base + "[" + i + "]";
      var have = li.getAttribute("data-path");
      if (have !== want) { rename(li, have, want); }
      var n = li.querySelector(":scope > .field > label .n, :scope > fieldset > legend .n");
      if (n) { n.textContent = String(i + 1); }
      li.querySelectorAll(":scope > .tools button").forEach(function (b) {
        var l = b.getAttribute("aria-label");
        if (l) { b.setAttribute("aria-label", l.replace(/\d+/, String(i + 1))); }
      });
    });
  }

  document.addEventListener("click", function (e) {
    var btn = e.target.closest ? e.target.closest("button[name=op]") : null;
    if (!btn) { return; }
    var verb = btn.value.split(" ")[0];
    if (verb === "add") {
      var list = btn.closest("fieldset.list");
      var tpl = list && list.querySelector(":scope > template.new-item");
      if (!tpl) { return; }
      e.preventDefault();
      var ol = list.querySelector(":scope > ol.items");
      var li = tpl.content.firstElementChild.cloneNode(true);
      var n = ol.querySelectorAll(":scope > li.item").length;
      rename(li, list.getAttribute("data-path") + "[__new__]", list.getAttribute("data-path") + "[" + n + "]");
      ol.appendChild(li);
      renumber(list);
      var first = li.querySelector("input, textarea, select");
      if (first) { first.focus(); }
      return;
    }
    var item = btn.closest("li.item");
    if (!item) { return; }
    var owner = item.parentElement.closest("fieldset.list");
    e.preventDefault();
    if (verb === "del") {
      var next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      renumber(owner);
      var focus = next ? next.querySelector("input, textarea, select") : owner.querySelector(":scope > button.add");
      if (focus) { focus.focus(); }
      recountAll();
      return;
    }
    if (verb === "up" && item.previousElementSibling) {
      item.parentElement.insertBefore(item, item.previousElementSibling);
    } else if (verb === "down" && item.nextElementSibling) {
      item.parentElement.insertBefore(item.nextElementSibling, item);
    }
    renumber(owner);
    btn.focus();
  });

  // ---- live percentages of review categories ------------------------------
  function parseCount(s) {
    s = (s || "").replace(/\s/g, "");
    if (/^\d{1,3}(\.\d{3})+$/.test(s)) { s = s.replace(/\./g, ""); }
    if (!/^\d+$/.test(s)) { return null; }
    return BigInt(s);
  }
  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }
  // percent is part/whole × 100, half-up to two decimals, in exact integer
  // arithmetic as the service computes it: "94,54%".
  function percent(part, whole) {
    if (part === null || whole === null || whole <= 0n) { return "—"; }
    var q = (2n * part * 10000n + whole) / (2n * whole);
    var frac = String(q % 100n);
    if (frac.length < 2) { frac = "0" + frac; }
    return group(String(q / 100n)) + "," + frac + "%";
  }
  function recount(box) {
    var get = function (name) {
      var el = box.querySelector("input[data-count='" + name + "']");
      return el ? parseCount(el.value) : null;
    };
    var ev = get("evaluated");
    var v = { excellent: get("excellent"), good: get("good"), completed: get("completed"), not_completed: get("not_completed") };
    Object.keys(v).forEach(function (k) {
      var out = box.querySelector("output[data-pct='" + k + "']");
      if (out) { out.textContent = percent(v[k], ev); }
    });
    var gp = v.excellent !== null && v.good !== null ? v.excellent + v.good : null;
    var gpOut = box.querySelector("output.goodplus");
    if (gpOut) { gpOut.textContent = gp === null ? "—" : group(String(gp)); }
    var gpPct = box.querySelector("output[data-pct='good_or_above']");
    if (gpPct) { gpPct.textContent = percent(gp, ev); }
    var warn = box.querySelector(".quota");
    if (!warn) { return; }
    var base = box.getAttribute("data-quota-good-only") ? v.good : gp;
    var pctCap = BigInt(box.getAttribute("data-quota-pct") || "20");
    if (v.excellent === null || base === null) { warn.hidden = true; return; }
    var cap = pctCap * base / 100n;
    warn.hidden = !(v.excellent > cap);
    if (!warn.hidden) {
      warn.querySelector(".q-exc").textContent = group(String(v.excellent));
      warn.querySelector(".q-share").textContent = percent(v.excellent, base);
      warn.querySelector(".q-base").textContent = group(String(base));
      warn.querySelector(".q-cap").textContent = group(String(cap));
    }
  }
  function recountAll() { document.querySelectorAll(".counts").forEach(recount); }
  document.addEventListener("input", function (e) {
    var box = e.target.closest ? e.target.closest(".counts") : null;
    if (box) { recount(box); }
  });

  // ---- confirmations and focus ------------------------------------------
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    recountAll();
  });
})();
