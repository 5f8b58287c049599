// Suggestions: evidence, confidence, YAML; approve / reject (with a reason) / deploy; and, once
// deployed, whether it appeared in Home Assistant and whether it fired.
"use strict";
(() => {
  const { api, call, esc, flash, act, when, pct, badge } = homeai;
  const list = document.getElementById("suggestions");
  const statusSelect = document.getElementById("status");

  // occurrence times as dots: day across, time of day down
  function timeline(samples) {
    const times = (samples || []).map((s) => new Date(typeof s === "string" ? s : s.time || s.time_fired || s.at)).filter((d) => !isNaN(d));
    if (!times.length) return "";
    const w = 220, h = 48, min = Math.min(...times), max = Math.max(...times), span = Math.max(max - min, 1);
    const dots = times.map((d) => {
      const x = 8 + ((d - min) / span) * (w - 16);
      const c = homeai.clock(d);
      const y = 4 + ((c.hour * 60 + c.minute) / 1440) * (h - 8);
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="#1b6ec2"><title>${esc(when(d))}</title></circle>`;
    }).join("");
    return `<svg class="timeline" width="${w}" height="${h}" aria-label="when it happened">${dots}</svg>`;
  }

  function evidence(e) {
    if (!e) return "";
    const parts = [];
    if (e.support != null) parts.push(`<span><b>${esc(e.support)}</b> times</span>`);
    if (e.days_seen != null) parts.push(`<span>on <b>${esc(e.days_seen)}</b> of ${esc(e.days_observed ?? "?")} days</span>`);
    if (e.time_spread_min != null) parts.push(`<span>within ±<b>${esc(Math.round(e.time_spread_min))}</b> min</span>`);
    if (e.lift != null) parts.push(`<span>lift <b>${esc(Number(e.lift).toFixed(1))}</b></span>`);
    if (e.relationship) parts.push(`<span>${esc(e.relationship)}</span>`);
    if (e.season) parts.push(`<span>season ${esc(e.season)}</span>`);
    return `<div class="evidence">${parts.join("")}${timeline(e.samples)}</div>`;
  }

  function deployed(d) {
    if (!d) return "";
    const appeared = d.ha_state && d.ha_state !== "missing";
    return `<div class="deployment" data-entity="${esc(d.entity_id)}">In Home Assistant: ${badge(appeared ? "appeared" : "missing")}
      <span class="muted">${esc(d.entity_id)} · ${esc(d.ha_state)} · version ${esc(d.current_version)}</span>
      · fired: <b class="fired">${d.fired_since_deploy ? "yes" : "not yet"}</b> <span class="muted">(last ${esc(when(d.last_triggered))})</span></div>`;
  }

  function card(s) {
    const canApprove = s.status === "draft";
    const canReject = s.status === "draft" || s.status === "approved";
    const canDeploy = ["approved", "deployed", "rolled_back"].includes(s.status);
    return `<article class="card suggestion" data-id="${s.id}" data-status="${esc(s.status)}">
      <header><strong class="title">${esc(s.title)}</strong> ${badge(s.status)}
        <span>confidence <b>${pct(s.confidence)}</b></span><span class="muted">${esc(s.source)}</span></header>
      <p>${esc(s.description)}</p>
      ${evidence(s.evidence)}
      <p class="muted">${esc(s.rank_reason)}</p>
      ${s.rejection_reason ? `<p>Rejected: ${esc(s.rejection_reason)}</p>` : ""}
      <details><summary>YAML</summary><pre class="yaml">${esc(s.yaml)}</pre></details>
      ${deployed(s.deployment)}
      <div class="row actions">
        ${canApprove ? `<button class="primary" data-act="approve">Approve</button>` : ""}
        ${canDeploy ? `<button class="primary" data-act="deploy">${s.status === "deployed" ? "Deploy again" : "Deploy"}</button>` : ""}
        ${canReject ? `<input class="reason" placeholder="why not? (optional)" size="28"><button class="danger" data-act="reject">Reject</button>` : ""}
      </div></article>`;
  }

  async function load() {
    const status = statusSelect.value;
    try {
      const page = await call("GET", `/ui/views/suggestions?limit=100${status ? "&status=" + status : ""}`);
      document.getElementById("count").textContent = `${page.total} suggestion(s)` + (page.deployments_error ? ` · deployments unknown: ${page.deployments_error}` : "");
      list.innerHTML = page.items.length ? page.items.map(card).join("") : `<p class="muted">Nothing here. Suggestions come from the habits the daily analysis finds.</p>`;
    } catch (e) { flash(e.message, "error"); }
  }

  list.addEventListener("click", (e) => {
    const button = e.target.closest("button[data-act]");
    if (!button) return;
    const el = button.closest(".suggestion");
    const id = el.dataset.id;
    act(button, async () => {
      if (button.dataset.act === "approve") {
        await api("automation", `/api/suggestions/${id}/approve`, "PATCH");
        flash(`suggestion ${id} approved`);
      } else if (button.dataset.act === "reject") {
        const reason = el.querySelector(".reason").value.trim();
        await api("automation", `/api/suggestions/${id}/reject`, "PATCH", reason ? { reason } : {});
        flash(`suggestion ${id} rejected`);
      } else {
        const res = await api("automation", `/api/deploy/${id}`, "POST", {});
        flash(`deployed as ${res.data.entity_id} (version ${res.data.version})`);
      }
      statusSelect.value = ""; // keep the suggestion acted on in view
      await load();
    });
  });
  statusSelect.addEventListener("change", load);
  document.getElementById("refresh").addEventListener("click", load);
  document.getElementById("generate").addEventListener("click", (e) => act(e.target, async () => {
    const res = await api("automation", "/api/suggestions/generate", "POST");
    flash(`${res.count} new suggestion(s)`);
    await load();
  }));
  homeai.ready.then(load);
  setInterval(() => { if (document.visibilityState === "visible" && !document.activeElement?.classList.contains("reason")) load(); }, 15000);
})();
