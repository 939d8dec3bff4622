/**
 * The gallery's script, shipped as a file beside the pages: facet filtering, sorting and text
 * search on the index, and a full-size viewer on object pages. Without it every link and
 * preview still works; it only adds. Plain ES2017 so any current browser runs it as it is.
 */
export const GALLERY_JS = `"use strict";
(function () {
  // Designations as titles space them ("NGC 1976") and names with accents match either way.
  function norm(s) {
    return s.normalize("NFD").replace(/[\\u0300-\\u036f\\s]/g, "").toLowerCase();
  }
  function filterCards() {
    var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
    var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-facet]"));
    var text = norm(document.getElementById("search").value);
    var shown = 0;
    cards.forEach(function (card) {
      var facets = JSON.parse(card.getAttribute("data-facets"));
      var ok = selects.every(function (s) {
        return s.value === "" || facets[s.getAttribute("data-facet")].indexOf(s.value) >= 0;
      });
      if (ok && text) ok = norm(card.getAttribute("data-search")).indexOf(text) >= 0;
      card.hidden = !ok;
      if (ok) shown++;
    });
    document.getElementById("shown").textContent = shown + " of " + cards.length + " objects";
  }
  function sortCards() {
    var box = document.getElementById("cards");
    var key = document.getElementById("sort").value;
    var cards = Array.prototype.slice.call(box.children);
    cards.sort(function (a, b) {
      if (key === "name") return a.dataset.name.localeCompare(b.dataset.name);
      if (key === "first") return Number(a.dataset.first) - Number(b.dataset.first);
      return Number(b.dataset[key]) - Number(a.dataset[key]);
    });
    cards.forEach(function (c) { box.appendChild(c); });
  }
  function index() {
    var form = document.getElementById("controls");
    if (!form) return;
    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("input", filterCards);
    form.addEventListener("change", function (e) {
      if (e.target.id === "sort") sortCards(); else filterCards();
    });
    // Back from an object page the browser puts the controls' values back: the cards follow.
    function apply() { sortCards(); filterCards(); }
    window.addEventListener("pageshow", apply);
    apply();
  }
  function viewer() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".frame > a"));
    if (!links.length) return;
    var box = document.createElement("div");
    box.className = "viewer";
    box.hidden = true;
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", "full-size preview");
    box.innerHTML = '<img alt=""><p></p><button class="prev" aria-label="previous">&#8249;</button>' +
      '<button class="next" aria-label="next">&#8250;</button>' +
      '<button class="close" aria-label="close">&#215;</button>';
    document.body.appendChild(box);
    var img = box.querySelector("img"), caption = box.querySelector("p"), at = 0, opener = null;
    var buttons = Array.prototype.slice.call(box.querySelectorAll("button"));
    function show(i) {
      at = (i + links.length) % links.length;
      var a = links[at];
      img.src = a.getAttribute("data-large") || a.getAttribute("href");
      var fig = a.parentNode.querySelector("figcaption");
      var name = fig && fig.querySelector(".name");
      // The facts, then the file name, set apart as the page's own lines are.
      caption.textContent = !fig ? "" : name
        ? fig.textContent.replace(name.textContent, "").trim() + " · " + name.textContent
        : fig.textContent.trim();
      img.alt = caption.textContent;
      if (box.hidden) {
        opener = document.activeElement;
        box.hidden = false;
        box.querySelector(".close").focus();
      }
    }
    function close() {
      box.hidden = true;
      if (opener && opener.focus) opener.focus();
    }
    links.forEach(function (a, i) {
      a.addEventListener("click", function (e) {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        show(i);
      });
    });
    box.querySelector(".prev").addEventListener("click", function () { show(at - 1); });
    box.querySelector(".next").addEventListener("click", function () { show(at + 1); });
    box.querySelector(".close").addEventListener("click", close);
    document.addEventListener("keydown", function (e) {
      if (box.hidden) return;
      if (e.key === "Escape") close();
      else if (e.key === "ArrowLeft") show(at - 1);
      else if (e.key === "ArrowRight") show(at + 1);
      else if (e.key === "Tab") {
        // Focus stays inside the viewer while it is open.
        e.preventDefault();
        var k = buttons.indexOf(document.activeElement);
        buttons[(k + (e.shiftKey ? buttons.length - 1 : 1)) % buttons.length].focus();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { index(); viewer(); });
})();
`;
