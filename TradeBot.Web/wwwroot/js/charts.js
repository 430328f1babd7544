// The price chart: a thin ES module over TradingView Lightweight Charts (vendored in lib/lightweight-charts),
// imported by Components/Shared/PriceChart.razor. Every function takes the handle returned by create().
// Times arrive in Unix seconds (the library's UTCTimestamp); PriceChart.razor converts from milliseconds.

const libraryUrl = new URL("../lib/lightweight-charts/lightweight-charts.standalone.production.js", import.meta.url);
let libraryLoad;

// Loaded on first use, not from App.razor, so pages without a chart do not download it.
function loadLibrary() {
    if (window.LightweightCharts) {
        return Promise.resolve(window.LightweightCharts);
    }
    libraryLoad ??= new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = libraryUrl.href;
        script.onload = () => resolve(window.LightweightCharts);
        script.onerror = () => {
            libraryLoad = undefined; // let the next chart try again
            script.remove();
            reject(new Error(`Could not load ${libraryUrl.href}`));
        };
        document.head.appendChild(script);
    });
    return libraryLoad;
}

// Colours follow Components/Layout/TradeBotTheme.cs (surface, text, divider).
const themes = {
    light: { background: "#ffffff", text: "#334155", grid: "#eef1f5", border: "#d5dae1" },
    dark: { background: "#1e293b", text: "#e2e8f0", grid: "#2b3a50", border: "#334155" },
};
const upColor = "#26a69a";
const downColor = "#ef5350";
const rsiColor = "#7e57c2";
const rsiPane = 1;

function themeOptions(dark) {
    const theme = dark ? themes.dark : themes.light;
    return {
        layout: {
            background: { type: "solid", color: theme.background },
            textColor: theme.text,
            attributionLogo: true, // Apache-2.0 attribution the library asks for: keep it on
            panes: { separatorColor: theme.border },
        },
        grid: { vertLines: { color: theme.grid }, horzLines: { color: theme.grid } },
        rightPriceScale: { borderColor: theme.border },
        timeScale: { borderColor: theme.border },
    };
}

/** Creates a chart filling `element` (resizes with it); options: { dark }. Returns the handle. */
export async function create(element, options) {
    const lc = await loadLibrary();
    const theme = themeOptions(!!options?.dark);
    const chart = lc.createChart(element, {
        ...theme,
        autoSize: true,
        timeScale: { ...theme.timeScale, timeVisible: true, secondsVisible: false },
    });
    const candles = chart.addSeries(lc.CandlestickSeries, {
        upColor, downColor, borderVisible: false, wickUpColor: upColor, wickDownColor: downColor,
    });
    const handle = {
        lc, chart, candles,
        markers: lc.createSeriesMarkers(candles, []),
        lines: new Map(),
        priceLines: new Map(),
        rsi: null,
        // Read-outs for tests and debugging.
        candleCount: () => candles.data().length,
        lastCandle: () => candles.data().at(-1) ?? null,
        lineNames: () => [...handle.lines.keys()],
        markerCount: () => handle.markers.markers().length,
        priceLineIds: () => [...handle.priceLines.keys()],
        paneCount: () => chart.panes().length,
    };
    element.tradebotChart = handle; // lets browser tests read the chart (see the read-outs above)
    return handle;
}

/** Replaces all candles: [{ time, open, high, low, close }], ascending time. */
export function setCandles(handle, candles) {
    handle.candles.setData(candles);
    handle.chart.timeScale().fitContent();
}

/**
 * A live tick: the same time as the last candle updates the forming candle, a newer time appends one.
 * An older time is ignored (the library would throw). Returns whether the chart took it.
 */
export function updateCandle(handle, candle) {
    const last = handle.candles.data().at(-1);
    if (last && candle.time < last.time) {
        return false;
    }
    handle.candles.update(candle);
    return true;
}

/** Draws (or redraws) the overlay line `name` on the price pane: points [{ time, value }]; no points removes it. */
export function setLine(handle, name, points, color) {
    let series = handle.lines.get(name);
    if (!points?.length) {
        if (series) {
            handle.chart.removeSeries(series);
            handle.lines.delete(name);
        }
        return;
    }
    if (!series) {
        series = handle.chart.addSeries(handle.lc.LineSeries, {
            lineWidth: 2, priceLineVisible: false, crosshairMarkerVisible: false, title: name,
        });
        handle.lines.set(name, series);
    }
    series.applyOptions({ color });
    series.setData(points);
}

/** Draws RSI in its own pane under the candles, with the 70/30 bands; no points removes the pane. */
export function setRsi(handle, points) {
    if (!points?.length) {
        if (handle.rsi) {
            handle.chart.removeSeries(handle.rsi); // the emptied pane goes with it
            handle.rsi = null;
        }
        return;
    }
    if (!handle.rsi) {
        handle.rsi = handle.chart.addSeries(handle.lc.LineSeries, {
            color: rsiColor, lineWidth: 1, priceLineVisible: false, title: "RSI",
            priceFormat: { type: "price", precision: 1, minMove: 0.1 },
            autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 100 } }),
        }, rsiPane);
        handle.rsi.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.05 } });
        for (const level of [70, 30]) {
            handle.rsi.createPriceLine({ price: level, color: rsiColor, lineWidth: 1, lineStyle: 2, axisLabelVisible: false });
        }
        handle.chart.panes()[0].setStretchFactor(3);
        handle.chart.panes()[rsiPane].setStretchFactor(1);
    }
    handle.rsi.setData(points);
}

/** Trade markers: [{ time, isBuy, text }]; buys are green arrows below the bar, sells red arrows above it. */
export function setMarkers(handle, markers) {
    const shaped = (markers ?? [])
        .map(m => m.isBuy
            ? { time: m.time, position: "belowBar", shape: "arrowUp", color: upColor, text: m.text }
            : { time: m.time, position: "aboveBar", shape: "arrowDown", color: downColor, text: m.text })
        .sort((a, b) => a.time - b.time); // the library requires ascending time
    handle.markers.setMarkers(shaped);
}

/**
 * Horizontal levels (entry, stop-loss, take-profit, trailing stop): [{ id, price, title, color }].
 * Replaces the previous set; a line whose id stays is moved rather than redrawn.
 */
export function setPriceLines(handle, lines) {
    const wanted = new Map((lines ?? []).map(line => [line.id, line]));
    for (const [id, priceLine] of handle.priceLines) {
        if (!wanted.has(id)) {
            handle.candles.removePriceLine(priceLine);
            handle.priceLines.delete(id);
        }
    }
    for (const [id, line] of wanted) {
        const options = {
            price: line.price, title: line.title, color: line.color, lineWidth: 1, lineStyle: 2, axisLabelVisible: true,
        };
        const existing = handle.priceLines.get(id);
        if (existing) {
            existing.applyOptions(options);
        } else {
            handle.priceLines.set(id, handle.candles.createPriceLine(options));
        }
    }
}

/** Switches between the light and dark palettes. */
export function setTheme(handle, dark) {
    handle.chart.applyOptions(themeOptions(dark));
}

/** Removes the chart and its canvases. */
export function dispose(handle) {
    handle.chart.remove();
    for (const element of document.querySelectorAll(".price-chart")) {
        if (element.tradebotChart === handle) {
            delete element.tradebotChart;
        }
    }
}

// ---- Equity chart (Components/Shared/EquityChart.razor): equity lines, and a drawdown pane under them. ----

const drawdownColor = "#ef5350";

/** Creates an equity chart filling `element`; options: { dark }. Returns the handle. */
export async function createEquity(element, options) {
    const lc = await loadLibrary();
    const theme = themeOptions(!!options?.dark);
    const chart = lc.createChart(element, {
        ...theme,
        autoSize: true,
        // A whole year of hourly points must fit the width: the library's default spacing (0.5 px) would show only the end.
        timeScale: { ...theme.timeScale, timeVisible: true, secondsVisible: false, minBarSpacing: 0.001 },
    });
    const handle = {
        lc, chart, series: new Map(), drawdown: null,
        // Read-outs for tests and debugging.
        seriesNames: () => [...handle.series.keys()],
        pointCount: name => handle.series.get(name)?.data().length ?? 0,
        drawdownCount: () => handle.drawdown?.data().length ?? 0,
        paneCount: () => chart.panes().length,
    };
    element.tradebotChart = handle;
    return handle;
}

/** Replaces every equity line: [{ name, color, points: [{ time, value }] }]. */
export function setEquitySeries(handle, series) {
    const wanted = new Set((series ?? []).map(s => s.name));
    for (const [name, line] of handle.series) {
        if (!wanted.has(name)) {
            handle.chart.removeSeries(line);
            handle.series.delete(name);
        }
    }
    for (const s of series ?? []) {
        let line = handle.series.get(s.name);
        if (!line) {
            line = handle.chart.addSeries(handle.lc.LineSeries, { lineWidth: 2, priceLineVisible: false, title: s.name });
            handle.series.set(s.name, line);
        }
        line.applyOptions({ color: s.color });
        line.setData(s.points);
    }
    handle.chart.timeScale().fitContent();
}

/** The drawdown, % below the running peak (values <= 0), in its own pane; no points removes it. */
export function setDrawdown(handle, points) {
    if (!points?.length) {
        if (handle.drawdown) {
            handle.chart.removeSeries(handle.drawdown);
            handle.drawdown = null;
        }
        return;
    }
    if (!handle.drawdown) {
        // Bars down from 0: how far below its running peak the equity stood at each point.
        handle.drawdown = handle.chart.addSeries(handle.lc.HistogramSeries, {
            color: drawdownColor, priceLineVisible: false, title: "Drawdown %", base: 0,
            priceFormat: { type: "price", precision: 1, minMove: 0.1 },
        }, 1);
        handle.chart.panes()[0].setStretchFactor(3);
        handle.chart.panes()[1].setStretchFactor(1);
    }
    handle.drawdown.setData(points);
}
