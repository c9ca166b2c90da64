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

  // Below this width (a phone, or a narrow column) the labels would overlap: columns become
  // horizontal bars with their names on the left, shortened with "…" (the tooltip and the
  // table give them in full), value axes get fewer ticks, legends wrap instead of scrolling.
  var NARROW = 560;
  var ROW = 26;  // px per bar when the bars lie horizontally

  function textWidth(text) {
    // Rough but safe: a Chinese character is about as wide as the font size, a Latin one half.
    var width = 0;
    for (var i = 0; i < text.length; i++) { width += text.charCodeAt(i) > 0x2e80 ? 12 : 7; }
    return width;
  }

  // How many lines a wrapped legend of these names takes in `width` pixels.
  function legendLines(names, width) {
    var lines = 1, used = 0;
    names.forEach(function (name) {
      var item = textWidth(String(name)) + 35;
      if (used && used + item > width - 16) { lines += 1; used = 0; }
      used += item;
    });
    return lines;
  }

  function legend(chart, narrow) {
    if (chart.series.length <= 1) { return { show: false }; }
    return narrow ? { top: 0, left: 0, type: "plain", itemGap: 8 } : { top: 0, type: "scroll" };
  }

  function option(chart, number, width) {
    var narrow = width < NARROW;
    var kind = chart.kind;
    if (kind === "bar") {
      // Columns while their names fit under them side by side; otherwise lying bars, whose
      // names stand one per line (rotated names would still overlap on a phone).
      var longest = Math.max.apply(null, chart.categories.map(function (c) { return textWidth(String(c)); }).concat([0]));
      if (narrow || longest > (width - 80) / Math.max(1, chart.categories.length)) { kind = "hbar"; }
    }
    var base = {
      color: COLOURS,
      // The page's own fonts: ECharts' default "sans-serif" has no Chinese on some systems.
      textStyle: { fontFamily: window.getComputedStyle(document.body).fontFamily },
      animation: !charts[chart.key],  // animate the first drawing only, not each poll
      tooltip: { trigger: kind === "pie" ? "item" : "axis", valueFormatter: number, confine: true },
      legend: legend(chart, narrow)
    };
    var names = chart.series.map(function (s) { return s.name; });
    var top = chart.series.length > 1 ? (narrow ? 8 + 24 * legendLines(names, width) : 40) : 16;
    base.height = null;
    if (kind === "pie") {
      var s = chart.series[0];
      base.legend = narrow ? { bottom: 0, left: 0, type: "plain", itemGap: 8 } : { bottom: 0, type: "scroll" };
      var below = narrow ? 24 * legendLines(chart.categories, width) : 0;
      base.series = [{
        name: s.name,
        type: "pie",
        radius: narrow ? ["30%", "52%"] : ["40%", "68%"],
        center: ["50%", "45%"],
        avoidLabelOverlap: true,
        label: narrow ? { formatter: "{d}%" } : { formatter: "{b}: {d}%" },
        labelLayout: { hideOverlap: true },
        data: chart.categories.map(function (name, i) { return { name: name, value: s.data[i] }; })
      }];
      if (narrow) {
        // No room beside the ring for names: the shares go inside it, the names in the legend.
        base.series[0].center = ["50%", 120];
        base.series[0].radius = [42, 104];
        base.series[0].minShowLabelAngle = 18;
        base.series[0].label = {
          position: "inside", color: "#fff", fontWeight: "bold",
          formatter: function (p) { return Math.round(p.percent) + "%"; }
        };
        base.height = 260 + below;
      }
      return base;
    }
    var categoryAxis = { type: "category", data: chart.categories };
    var valueAxis = { type: "value", axisLabel: { formatter: number, hideOverlap: true } };
    if (narrow) { valueAxis.splitNumber = 3; }
    if (kind === "hbar") {
      // Ranked: the largest at the top.
      categoryAxis.inverse = true;
      categoryAxis.axisLabel = {
        interval: 0, width: Math.round(width * (narrow ? 0.38 : 0.3)), overflow: "truncate", ellipsis: "…"
      };
      if (narrow || kind !== chart.kind) {
        var rows = chart.categories.length * (chart.series.length > 1 ? 1.6 : 1);
        base.height = Math.max(220, Math.round(top + 40 + ROW * rows));
      }
      base.grid = { left: 8, right: 40, top: top, bottom: 8, containLabel: true };
      base.xAxis = valueAxis;
      base.yAxis = categoryAxis;
    } else {
      base.grid = { left: 8, right: narrow ? 24 : 16, top: top, bottom: 8, containLabel: true };
      if (kind === "bar") {
        categoryAxis.axisLabel = { interval: 0 };
      } else if (narrow) {
        // Dates: as many as fit, the first and last kept inside the chart.
        categoryAxis.axisLabel = {
          hideOverlap: true, alignMinLabel: "left", alignMaxLabel: "right", margin: 12
        };
      }
      base.xAxis = categoryAxis;
      base.yAxis = valueAxis;
    }
    base.series = chart.series.map(function (s) {
      var series = { name: s.name, type: kind === "line" ? "line" : "bar", data: s.data };
      if (kind === "line") {
        series.showSymbol = chart.categories.length <= 31;
        series.smooth = false;
      }
      if (kind === "hbar") {
        series.label = { show: true, position: "right", formatter: function (p) { return number(p.value); } };
      }
      return series;
    });
    if (kind === "line" && chart.categories.length > 45) {
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
      var instance = charts[chart.key];
      if (instance && instance.getDom() !== container) {
        instance.dispose();  // its container was swapped out by the poll
        instance = null;
      }
      // The width the chart will have once shown (its container may still be hidden).
      container.hidden = false;
      var fresh = option(chart, number, container.clientWidth || window.innerWidth);
      if (!("height" in container.dataset)) { container.dataset.height = container.style.height; }
      var height = fresh.height ? fresh.height + "px" : container.dataset.height;
      delete fresh.height;
      container.dataset.layout = container.clientWidth < NARROW ? "narrow" : "wide";
      if (container.style.height !== height) {
        container.style.height = height;
        if (instance) { instance.resize(); }
      }
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
    var relayout = Object.keys(charts).some(function (key) {
      var dom = charts[key].getDom();
      return dom.dataset.layout !== (dom.clientWidth < NARROW ? "narrow" : "wide");
    });
    if (relayout) { draw(); }  // labels laid out for the other width
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
