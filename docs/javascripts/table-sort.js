// Sorting for the table inside an element with data-sort-columns="0 1": each header cell of a
// listed column gets a button that sorts the rows by it (numbers as numbers, Chinese by pinyin order).
// Without this script the table still reads in its original order (newest year first).
(function () {
  "use strict";

  var collator = new Intl.Collator("zh-Hans-CN", { numeric: true });

  function cellValue(row, column) {
    var cell = row.cells[column];
    return cell ? cell.textContent.trim() : "";
  }

  function sortRows(table, column, ascending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, index) { row.setAttribute("data-order", index); });
    rows.sort(function (a, b) {
      var order = collator.compare(cellValue(a, column), cellValue(b, column));
      if (order === 0) { order = a.getAttribute("data-order") - b.getAttribute("data-order"); }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function makeSortable(region) {
    var table = region.querySelector("table");
    var columns = region.getAttribute("data-sort-columns").split(/\s+/);
    var headers = table && table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, column) {
      if (columns.indexOf(String(column)) < 0 || header.querySelector("button")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "annals-sort";
      button.textContent = header.textContent;
      button.setAttribute("aria-label", "按" + header.textContent + "排序");
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        sortRows(table, column, ascending);
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-sort-columns]"), makeSortable);
  }

  // Material replaces the page content on instant navigation; document$ announces each page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
