/* The chain's upstream/downstream enterprise map (上下游企业图谱), drawn with the vendored ECharts.
   Data comes from the page's <script type="application/json" id="chain-map-data"> (Django's json_script). */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function draw() {
    var holder = document.getElementById("chain-map");
    var source = document.getElementById("chain-map-data");
    if (!holder || !source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var names = {};
    data.nodes.forEach(function (node) { names[node.id] = node.name; });
    var chart = window.echarts.init(holder, null, { renderer: "canvas" });
    chart.setOption({
      animationDuration: 600,
      tooltip: {
        confine: true,
        formatter: function (params) {
          if (params.dataType === "edge") {
            return escapeHtml(names[params.data.source]) + " → " + escapeHtml(names[params.data.target]) +
              "<br>" + escapeHtml(params.data.product);
          }
          return escapeHtml(params.data.name) + "<br>配套关系 " + params.data.value + " 条";
        }
      },
      legend: [{ data: data.categories.map(function (c) { return c.name; }), bottom: 0 }],
      series: [{
        type: "graph",
        layout: "force",
        roam: true,
        draggable: true,
        categories: data.categories,
        data: data.nodes.map(function (node) {
          return {
            id: node.id, name: node.name, value: node.value, category: node.category, short: node.short,
            symbolSize: 16 + 5 * Math.min(node.value, 6)
          };
        }),
        links: data.links,
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 8,
        label: {
          show: true, position: holder.clientWidth < 500 ? "bottom" : "right", fontSize: 11,
          formatter: function (params) { return params.data.short; }
        },
        labelLayout: { hideOverlap: true },
        force: {
          repulsion: Math.max(240, Math.min(holder.clientWidth, 900) * 0.9),
          edgeLength: [80, Math.max(120, Math.min(holder.clientWidth, 900) / 4)],
          gravity: 0.06,
          // Lay the graph out at once, not in timed steps: a step left pending when the chart is resized
          // (a full-page screenshot) or disposed (pagehide) ran on a torn-down graph and threw
          // "Cannot read properties of null (reading '0')" inside ECharts. A chain has tens of nodes.
          layoutAnimation: false
        },
        lineStyle: { color: "source", curveness: 0.12, opacity: 0.75 },
        emphasis: { focus: "adjacency", lineStyle: { width: 3 } }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
    window.addEventListener("pagehide", function () { chart.dispose(); });
    holder.setAttribute("data-rendered", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
