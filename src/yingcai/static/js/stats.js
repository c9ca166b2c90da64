// The statistics charts, drawn with Apache ECharts (installed from npm, served by our own
// static files). The page works without this script: every chart's numbers are in a table.
// With it, the data comes from the `stats-data` JSON element, each chart is drawn into its
// container, its table is folded away (still one click away), and after every HTMX poll
// (htmx:afterSwap) the charts are drawn again from the new data.
(function () {
  "use strict";

  var COLOURS = ["#b3261e", "#1f5fa8", "#2e8b57", "#d98c00", "#6b4fa0", "#0f8a8a", "#8c6d46",
    "#c2185b", "#5f6b7a", "#7cb342"];
  var charts = {};  // chart key -> ECharts instance
  var userOpened = {};  // chart key -> the visitor unfolded its table

  function readData() {
    var element = document.getElementById("stats-data");
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (e) { return null; }
  }

  function formatNumber(language) {
    var format = new Intl.NumberFormat(language === "zh-hans" ? "zh-CN" : "en");
    return function (value) { return format.format(value); };
  }

  function legend(chart) {
    return chart.series.length > 1 ? { top: 0, type: "scroll" } : { show: false };
  }

  function option(chart, number) {
    var base = {
      color: COLOURS,
      // The page's own fonts: ECharts' default "sans-serif" has no Chinese on some systems.
      textStyle: { fontFamily: window.getComputedStyle(document.body).fontFamily },
      animation: !charts[chart.key],  // animate the first drawing only, not each poll
      tooltip: { trigger: chart.kind === "pie" ? "item" : "axis", valueFormatter: number },
      legend: legend(chart)
    };
    var top = chart.series.length > 1 ? 40 : 16;
    if (chart.kind === "pie") {
      var s = chart.series[0];
      base.legend = { bottom: 0, type: "scroll" };
      base.series = [{
        name: s.name,
        type: "pie",
        radius: ["40%", "68%"],
        center: ["50%", "45%"],
        avoidLabelOverlap: true,
        label: { formatter: "{b}: {d}%" },
        data: chart.categories.map(function (name, i) { return { name: name, value: s.data[i] }; })
      }];
      return base;
    }
    var categoryAxis = { type: "category", data: chart.categories };
    var valueAxis = { type: "value", axisLabel: { formatter: number } };
    if (chart.kind === "hbar") {
      // Ranked: the largest at the top.
      categoryAxis.inverse = true;
      base.grid = { left: 8, right: 40, top: top, bottom: 8, containLabel: true };
      base.xAxis = valueAxis;
      base.yAxis = categoryAxis;
    } else {
      base.grid = { left: 8, right: 16, top: top, bottom: 8, containLabel: true };
      if (chart.kind === "bar") {
        categoryAxis.axisLabel = { interval: 0, rotate: 40 };
      }
      base.xAxis = categoryAxis;
      base.yAxis = valueAxis;
    }
    base.series = chart.series.map(function (s) {
      var series = { name: s.name, type: chart.kind === "line" ? "line" : "bar", data: s.data };
      if (chart.kind === "line") {
        series.showSymbol = chart.categories.length <= 31;
        series.smooth = false;
      }
      if (chart.kind === "hbar") {
        series.label = { show: true, position: "right", formatter: function (p) { return number(p.value); } };
      }
      return series;
    });
    if (chart.kind === "line" && chart.categories.length > 45) {
      base.dataZoom = [{ type: "inside" }];
    }
    return base;
  }

  function draw() {
    if (typeof window.echarts === "undefined") { return; }
    var data = readData();
    if (!data) { return; }
    var number = formatNumber(data.language);
    var locale = data.language === "zh-hans" ? "ZH" : "EN";
    var seen = {};
    data.charts.forEach(function (chart) {
      var container = document.querySelector('[data-chart="' + chart.key + '"]');
      if (!container) { return; }
      seen[chart.key] = true;
      container.hidden = false;
      var instance = charts[chart.key];
      if (instance && instance.getDom() !== container) {
        instance.dispose();  // its container was swapped out by the poll
        instance = null;
      }
      var fresh = option(chart, number);
      if (!instance) {
        instance = window.echarts.init(container, null, { renderer: "svg", locale: locale });
        // Marks the chart drawn, its animation over (screenshots and tests wait for it).
        instance.on("finished", function () { instance.getDom().dataset.drawn = "1"; });
      }
      instance.setOption(fresh, true);
      charts[chart.key] = instance;
      var table = document.querySelector('[data-table="' + chart.key + '"]');
      if (table) {
        table.open = !!userOpened[chart.key];
        if (!table.dataset.watched) {
          table.dataset.watched = "1";
          table.addEventListener("toggle", function () { userOpened[chart.key] = table.open; });
        }
      }
    });
    Object.keys(charts).forEach(function (key) {
      if (!seen[key]) { charts[key].dispose(); delete charts[key]; }
    });
  }

  function resize() {
    Object.keys(charts).forEach(function (key) { charts[key].resize(); });
  }

  function start() {
    draw();
    // The poll replaces the whole live section (numbers, tables, data): draw from the new data.
    document.body.addEventListener("htmx:afterSwap", function () {
      if (document.getElementById("stats-data")) { draw(); }
    });
    var pending;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(resize, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
