// Shared by every page: the token, calls through the UI's proxy, small rendering helpers.
"use strict";
const homeai = (() => {
  const TOKEN_KEY = "homeai.token";
  const token = () => localStorage.getItem(TOKEN_KEY) || "";

  function esc(text) {
    return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  // fetch JSON; throws an Error whose message is the service's `message`
  async function call(method, url, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET" && token()) headers.Authorization = "Bearer " + token();
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (_) { data = text; }
    if (!res.ok) {
      let message = (data && data.message) || res.statusText || "request failed";
      if (res.status === 401) message = "a valid API token is needed: paste it at the top right";
      const err = new Error(message);
      err.status = res.status; err.data = data;
      throw err;
    }
    return data;
  }
  const api = (service, path, method = "GET", body) => call(method, `/ui/api/${service}${path}`, body);

  function flash(text, kind = "ok") {
    const box = document.getElementById("flash");
    const div = document.createElement("div");
    div.className = "msg " + kind;
    div.textContent = text;
    box.prepend(div);
    // errors stay until clicked away
    if (kind === "error") { div.title = "click to close"; div.addEventListener("click", () => div.remove()); }
    else setTimeout(() => div.remove(), 5000);
  }

  // runs an action from a button: disables it meanwhile, reports errors
  async function act(button, work) {
    if (button) button.disabled = true;
    try { return await work(); }
    catch (e) { flash(e.message, "error"); }
    finally { if (button) button.disabled = false; }
  }

  // Times are shown in the home's time zone (Home Assistant's `time_zone`), whatever the
  // browser's: `ready` resolves once it is known (the browser's own when there is no HA).
  let zone;
  const validZone = (tz) => {
    if (!tz) return undefined;
    try { new Intl.DateTimeFormat("en", { timeZone: tz }); return tz; } catch (_) { return undefined; }
  };
  const home = call("GET", "/ui/views/home").catch(() => null);
  const ready = home.then((h) => {
    zone = validZone(h && h.time_zone);
    document.documentElement.dataset.timeZone = zone || "browser";
    const note = document.getElementById("time-zone");
    if (note) note.textContent = zone ? `Times in the home's time zone, ${zone}.` : "Times in this browser's time zone (Home Assistant is not reachable).";
  });
  const when = (t) => (t ? new Date(t).toLocaleString(undefined, { timeZone: zone, timeZoneName: "short" }) : "—");
  // hours and minutes of a Date on the home's clock
  function clock(d) {
    const parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d);
    const part = (type) => Number(parts.find((p) => p.type === type).value);
    return { hour: part("hour") % 24, minute: part("minute") };
  }
  const zoneName = () => zone || "this browser's time zone";
  const pct = (x) => (x == null ? "—" : Math.round(x * 100) + "%");
  const badge = (text) => `<span class="badge ${esc(text)}">${esc(text)}</span>`;

  function setupToken() {
    const form = document.getElementById("token-form");
    const input = document.getElementById("token");
    const state = document.getElementById("token-state");
    const show = () => { state.textContent = token() ? "token saved" : "no token"; };
    input.value = token();
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      localStorage.setItem(TOKEN_KEY, input.value.trim());
      show();
      flash(token() ? "token saved in this browser" : "token removed");
    });
    show();
  }

  // a line chart with uPlot: `series` is [{label, values}], x is `xs`
  function lineChart(el, title, xs, series, opts = {}) {
    el.innerHTML = "";
    const colors = ["#1b6ec2", "#c62828", "#2e7d32", "#b26a00", "#6a1b9a"];
    return new uPlot({
      title, width: opts.width || Math.min(760, el.clientWidth || 760), height: opts.height || 220,
      scales: { x: { time: false } },
      axes: [{ label: opts.xLabel || "" }, {}],
      series: [{ label: opts.xLabel || "x" }, ...series.map((s, i) => ({ label: s.label, stroke: colors[i % colors.length], width: 2, points: { show: xs.length < 40 }, ...(opts.bars ? { fill: colors[i % colors.length] + "88", paths: uPlot.paths.bars({ size: [0.8] }) } : {}) }))],
    }, [xs, ...series.map((s) => s.values)], el);
  }

  // the demo's simulated home says so on every page
  async function simulatedBanner() {
    try {
      const h = await home;
      if (h && h.simulated) {
        const p = document.createElement("p");
        p.className = "simulated";
        p.id = "simulated-banner";
        p.textContent = `A SIMULATED home (${h.location_name}), not a real Home Assistant: homeai's demo.`;
        document.body.insertBefore(p, document.body.firstChild);
      }
    } catch (_) { /* no banner */ }
  }

  document.addEventListener("DOMContentLoaded", setupToken);
  document.addEventListener("DOMContentLoaded", simulatedBanner);
  return { api, call, esc, flash, act, when, clock, zoneName, ready, pct, badge, token, lineChart };
})();
