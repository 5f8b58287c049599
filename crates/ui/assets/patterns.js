// Patterns and synergies: filterable tables, and for the chosen habit a chart of the hours at
// which it happens (its entity's changes to the habit's state, from the stored events).
"use strict";
(() => {
  const { api, esc, flash, when, pct } = homeai;
  const $ = (id) => document.getElementById(id);
  let patterns = [];

  async function loadPatterns() {
    const q = new URLSearchParams({ limit: "500" });
    if ($("kind").value) q.set("pattern_type", $("kind").value);
    if ($("entity").value.trim()) q.set("entity_id", $("entity").value.trim());
    if (Number($("min-confidence").value) > 0) q.set("min_confidence", $("min-confidence").value);
    try {
      const page = await api("pattern", `/api/v1/patterns/list?${q}`);
      patterns = page.items;
      $("pattern-count").textContent = `${page.total} habit(s); choose one to see when it happens`;
      document.querySelector("#patterns tbody").innerHTML = patterns.map((p, i) => `
        <tr class="pattern" data-index="${i}" style="cursor:pointer">
          <td>${esc(p.description)}</td><td>${esc(p.kind)}</td><td>${esc((p.entities || []).join(", "))}</td>
          <td>${pct(p.confidence)}</td><td>${esc(p.support)}× on ${esc(p.days_seen)}/${esc(p.days_observed)} days</td>
          <td>±${esc(Math.round(p.time_spread_min ?? 0))} min</td><td>${esc(when(p.last_seen))}</td></tr>`).join("")
        || `<tr><td colspan="7" class="muted">No habits found yet.</td></tr>`;
      if (patterns.length) chart(patterns[0]);
    } catch (e) { flash(e.message, "error"); }
  }

  async function chart(p) {
    const el = $("habit-chart");
    const entity = (p.entities || [])[0];
    if (!entity) return;
    try {
      const page = await api("pattern", `/api/v1/events?entity_id=${encodeURIComponent(entity)}&limit=1000`);
      const wanted = p.params && p.params.state;
      const hours = new Array(24).fill(0);
      for (const ev of page.items) {
        if (ev.attributes_only || (wanted && ev.new_state !== wanted)) continue;
        hours[homeai.clock(new Date(ev.time_fired)).hour] += 1;
      }
      homeai.lineChart(el, `When: ${p.description}`, [...Array(24).keys()],
        [{ label: `${entity}${wanted ? " → " + wanted : ""} (changes per hour of day)`, values: hours }],
        { xLabel: `hour of day (${homeai.zoneName()})`, bars: true, height: 200 });
    } catch (e) { el.textContent = `no chart: ${e.message}`; }
  }

  async function loadSynergies() {
    try {
      const page = await api("pattern", "/api/v1/synergies/list?limit=500");
      const rel = $("relationship").value.trim();
      const items = page.items.filter((s) => !rel || (s.relationship || "").includes(rel));
      $("synergy-count").textContent = `${items.length} of ${page.total} synergies`;
      document.querySelector("#synergies tbody").innerHTML = items.map((s) => `
        <tr class="synergy"><td>${esc(s.trigger_entity)}</td><td>${esc(s.action_entity)}</td><td>${esc(s.relationship)}</td>
          <td>${esc(s.area_id ?? "—")}</td><td>${pct(s.confidence)}</td><td>${pct(s.impact_score)}</td><td>${esc(s.explanation)}</td></tr>`).join("")
        || `<tr><td colspan="7" class="muted">No synergies found yet.</td></tr>`;
    } catch (e) { flash(e.message, "error"); }
  }

  document.querySelector("#patterns tbody").addEventListener("click", (e) => {
    const tr = e.target.closest("tr.pattern");
    if (tr) chart(patterns[Number(tr.dataset.index)]);
  });
  for (const id of ["kind", "min-confidence"]) $(id).addEventListener("change", loadPatterns);
  $("entity").addEventListener("change", loadPatterns);
  $("relationship").addEventListener("input", loadSynergies);
  homeai.ready.then(() => { loadPatterns(); loadSynergies(); });
})();
