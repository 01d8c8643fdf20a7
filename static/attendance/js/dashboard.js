/* The course dashboard: draws each chart from the data table beside it, and refreshes "Present now".
 * Without JavaScript the tables and the list stay as they are. */
(function () {
  "use strict";

  function drawCharts() {
    if (typeof window.Chart !== "function") {
      return;
    }
    document.querySelectorAll("table[data-chart]").forEach(function (table) {
      var canvas = document.getElementById(table.getAttribute("data-chart"));
      var labels = [];
      var values = [];
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var head = row.querySelector("th");
        var cell = row.querySelector("td[data-value]");
        if (head && cell) {
          labels.push(head.textContent.trim());
          values.push(cell.getAttribute("data-value") === "" ? null : Number(cell.getAttribute("data-value")));
        }
      });
      if (!canvas || labels.length === 0) {
        return;
      }
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: labels,
          datasets: [{ label: table.getAttribute("data-label"), data: values, backgroundColor: "#0a5c8f" }],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  }

  function refreshPresent() {
    var box = document.getElementById("attendance-present");
    if (!box || !window.fetch) {
      return;
    }
    var interval = Number(box.getAttribute("data-interval")) || 15000;
    window.setInterval(function () {
      window
        .fetch(box.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html === null) {
            return;
          }
          var parsed = new DOMParser().parseFromString(html, "text/html");
          var list = parsed.getElementById("attendance-present-list");
          var current = document.getElementById("attendance-present-list");
          if (list && current && list.innerHTML !== current.innerHTML) {
            current.replaceWith(document.importNode(list, true));
          }
        })
        .catch(function () {});
    }, interval);
  }

  drawCharts();
  refreshPresent();
})();
