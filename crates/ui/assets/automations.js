// Deployed automations: Home Assistant's view of each, versions, rollback, delete.
"use strict";
(() => {
  const { api, esc, flash, act, when, badge } = homeai;
  const body = document.querySelector("#automations tbody");
  const versions = document.getElementById("versions");

  function row(a) {
    return `<tr class="automation" data-id="${a.id}" data-entity="${esc(a.entity_id)}">
      <td><b>${esc(a.alias || a.ha_config_id)}</b><br><span class="muted">${esc(a.entity_id)} · suggestion ${esc(a.suggestion_id)}</span></td>
      <td>${badge(a.ha_state)} ${a.status === "disabled" ? badge("disabled") : ""}</td>
      <td>${esc(when(a.last_triggered))}${a.fired_since_deploy ? " ✓" : ""}</td>
      <td>v${esc(a.current_version)}</td>
      <td>${esc(when(a.deployed_at))}</td>
      <td class="row">
        <button data-act="versions">Versions</button>
        <button data-act="rollback">Roll back</button>
        <button data-act="${a.status === "disabled" ? "enable" : "disable"}">${a.status === "disabled" ? "Enable" : "Disable"}</button>
        <button data-act="trigger">Run now</button>
        <button class="danger" data-act="delete">Delete</button>
      </td></tr>`;
  }

  async function load() {
    try {
      const res = await api("automation", "/api/deploy/automations");
      document.getElementById("count").textContent = `${res.total} automation(s) deployed by homeai`;
      body.innerHTML = res.automations.map(row).join("") || `<tr><td colspan="6" class="muted">Nothing deployed yet.</td></tr>`;
    } catch (e) { flash(e.message, "error"); }
  }

  async function showVersions(id) {
    const res = await api("automation", `/api/deploy/${id}/versions`);
    versions.innerHTML = `<h2>Versions of ${esc(res.ha_config_id)}</h2>` + res.versions.map((v) => `
      <div class="card"><header>v${esc(v.version_number)} ${badge(v.reason)} ${v.is_active ? badge("active") : ""}
        <span class="muted">${esc(when(v.deployed_at))} · safety ${esc(v.safety_score)} · HA ${esc(v.ha_version)}</span></header>
        <pre class="yaml">${esc(v.automation_yaml)}</pre></div>`).join("");
  }

  body.addEventListener("click", (e) => {
    const button = e.target.closest("button[data-act]");
    if (!button) return;
    const id = button.closest("tr").dataset.id;
    const what = button.dataset.act;
    act(button, async () => {
      if (what === "versions") return showVersions(id);
      if (what === "delete") {
        if (!confirm("Remove this automation from Home Assistant?")) return;
        await api("automation", `/api/deploy/automations/${id}`, "DELETE");
        flash("removed from Home Assistant");
      } else if (what === "rollback") {
        await api("automation", `/api/deploy/${id}/rollback`, "POST");
        flash("rolled back to the previous version");
      } else {
        await api("automation", `/api/deploy/automations/${id}/${what}`, "POST");
        flash(`${what}: done`);
      }
      await load();
      if (versions.innerHTML) await showVersions(id).catch(() => { versions.innerHTML = ""; });
    });
  });
  document.getElementById("refresh").addEventListener("click", load);
  homeai.ready.then(load);
})();
