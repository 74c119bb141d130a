/* The cockpit's charts (驾驶舱), drawn with the vendored ECharts from the page's
   <script type="application/json" id="cockpit-data"> (Django's json_script): no inline script (CSP).
   Clicking a bar or slice opens the records behind it (each point carries its link).
   In the meeting-room screen (body.cockpit-screen) the page reloads itself every data-refresh seconds. */
(function () {
  "use strict";

  var charts = [];
  var RAG_COLOURS = { green: "#2fb344", amber: "#f59f00", red: "#d63939" };

  function isScreen() {
    return document.body.classList.contains("cockpit-screen");
  }

  function empty(option, items) {
    if (items && items.length) {
      return option;
    }
    return { title: { text: "暂无数据", left: "center", top: "middle", textStyle: { fontSize: 14, color: "#999" } } };
  }

  function grid() {
    return { left: 8, right: 44, top: 28, bottom: 8, containLabel: true };
  }

  function bars(items, horizontal, unit) {
    var names = items.map(function (i) { return i.name; });
    var category = { type: "category", data: names, axisLabel: { interval: 0, fontSize: 11, hideOverlap: true } };
    var value = { type: "value", axisLabel: { formatter: "{value}" + (unit || "") } };
    if (horizontal) {
      category.inverse = true;
    } else {
      category.axisLabel.rotate = names.length > 4 ? 30 : 0;
    }
    return empty({
      tooltip: { trigger: "item", formatter: "{b}：{c}" + (unit || "") },
      grid: grid(),
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: [{ type: "bar", data: items, barMaxWidth: 28, label: { show: true, position: horizontal ? "right" : "top",
        fontSize: 11, formatter: "{c}" + (unit || "") } }]
    }, items);
  }

  var builders = {
    monthly: function (d) {
      return empty({
        tooltip: { trigger: "axis" },
        legend: { data: ["累计完成投资", "序时应完成"], top: 0 },
        grid: grid(),
        xAxis: { type: "category", data: d.labels },
        yAxis: { type: "value", name: "亿元" },
        series: [
          { name: "累计完成投资", type: "bar", data: d.done, barMaxWidth: 24 },
          { name: "序时应完成", type: "line", data: d.expected, symbolSize: 6 }
        ]
      }, d.labels);
    },
    stage: function (items) { return bars(items, false, "个"); },
    chain: function (items) { return bars(items.slice(0, 12), true, "个"); },
    place: function (items) { return bars(items.slice(0, 12), true, "个"); },
    ageing: function (items) { return bars(items, false, "个"); },
    units: function (items) { return bars(items, true, "%"); },
    counties: function (items) { return bars(items, true, "%"); },
    rag: function (items) {
      var shown = items.filter(function (i) { return i.value > 0; });
      return empty({
        tooltip: { trigger: "item", formatter: "{b}：{c}个（{d}%）" },
        legend: { top: 0 },
        series: [{
          type: "pie", radius: ["35%", "65%"], top: 20,
          label: { formatter: "{b} {c}" },
          data: shown.map(function (i) {
            return { name: i.name, value: i.value, link: i.link, itemStyle: { color: RAG_COLOURS[i.key] } };
          })
        }]
      }, shown);
    }
  };

  function open(params) {
    if (params.data && params.data.link) {
      window.location.href = params.data.link;
    }
  }

  function draw() {
    var source = document.getElementById("cockpit-data");
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (holder) {
      var name = holder.getAttribute("data-chart");
      if (!builders[name] || data[name] === undefined) {
        return;
      }
      var chart = window.echarts.init(holder, isScreen() ? "dark" : null, { renderer: "canvas" });
      var option = builders[name](data[name]);
      option.animation = !window.matchMedia("print").matches;
      if (isScreen()) {
        option.backgroundColor = "transparent";
      }
      chart.setOption(option);
      chart.on("click", open);
      holder.setAttribute("data-drawn", "true");
      charts.push(chart);
      // A still image of the chart for printing: a live canvas keeps its screen size on paper and is cropped,
      // an image scales to its box.
      var still = document.querySelector("img[data-chart-image='" + name + "']");
      if (still) {
        chart.on("finished", function () {
          if (holder.clientWidth > 0) {
            still.src = chart.getDataURL({ pixelRatio: 2, backgroundColor: "#fff" });
          }
        });
      }
    });
  }

  function resize() {
    charts.forEach(function (chart) { chart.resize(); });
  }

  function clock() {
    var holder = document.querySelector("[data-clock]");
    if (holder) {
      holder.textContent = new Date().toLocaleTimeString("zh-CN", { hour12: false });
    }
  }

  function start() {
    draw();
    window.addEventListener("resize", resize);
    document.querySelectorAll("[data-action='print']").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    var seconds = parseInt(document.body.getAttribute("data-refresh") || "0", 10);
    if (isScreen() && seconds > 0) {
      window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
      clock();
      window.setInterval(clock, 1000);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
