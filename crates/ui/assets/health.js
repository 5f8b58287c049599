// Health of the four services: alive (/health, as the query service sees it), ready
// (/health/ready of each, through the proxy), MQTT status.
"use strict";
(() => {
  const { api, esc, flash, badge } = homeai;
  const body = document.querySelector("#services tbody");

  async function load() {
    try {
      const all = await api("query", "/api/v1/services");
      document.getElementById("mqtt").textContent = `query service on MQTT: ${all.mqtt_connected ? "connected" : "not connected"}`;
      const ready = await Promise.all(all.services.map((s) =>
        api(s.service, "/health/ready").catch((e) => e.data || { status: "unreachable", checks: {} })));
      body.innerHTML = all.services.map((s, i) => {
        const r = ready[i] || {};
        const checks = Object.entries(r.checks || {}).map(([k, v]) => `${esc(k)} ${v.configured === false ? '<span class="muted">not configured</span>' : v.ok ? "✓" : "✗"}${v.error ? ` <span class="muted">${esc(v.error)}</span>` : ""}`).join("<br>");
        return `<tr class="service" data-service="${esc(s.service)}">
          <td><b>${esc(s.service)}</b><br><span class="muted">${esc(s.url)}</span></td>
          <td><span class="dot ${s.http.ok ? "ok" : "bad"}"></span> ${s.http.ok ? "alive" : esc(s.http.error)}</td>
          <td>${badge(r.status === "ready" ? "ok" : "bad")} ${esc(r.status)}</td>
          <td>${esc(s.http.version ?? "—")}</td>
          <td>${s.http.latency_ms.toFixed(1)} ms</td>
          <td>${esc(s.mqtt_status ?? "—")}</td>
          <td>${checks}</td></tr>`;
      }).join("");
    } catch (e) { flash(e.message, "error"); }
  }
  document.getElementById("refresh").addEventListener("click", load);
  load();
  setInterval(() => { if (document.visibilityState === "visible") load(); }, 10000);
})();
