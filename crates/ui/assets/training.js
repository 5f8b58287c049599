// Training: jobs with their state and progress, pause / resume / cancel / retry, a job's
// per-epoch metrics as a chart that advances live over the WebSocket, model versions and
// which one is active.
"use strict";
(() => {
  const { api, esc, flash, act, when, badge } = homeai;
  const jobsBody = document.querySelector("#jobs tbody");
  const detail = document.getElementById("job-detail");
  let open = null; // {id, socket, epochs: Map(epoch → metrics)}

  const actions = (j) => [
    j.status === "running" ? `<button data-act="pause">Pause</button>` : "",
    j.status === "paused" ? `<button data-act="resume">Resume</button>` : "",
    ["queued", "running", "paused"].includes(j.status) ? `<button class="danger" data-act="cancel">Cancel</button>` : "",
    ["failed", "cancelled"].includes(j.status) ? `<button data-act="retry">Retry</button>` : "",
    `<button data-act="watch">Chart</button>`,
  ].join(" ");

  function row(j) {
    const progress = Math.round((j.progress || 0) * 100);
    return `<tr class="job" data-id="${j.id}" data-status="${esc(j.status)}">
      <td>#${j.id}${j.retry_of ? ` <span class="muted">(retry of #${j.retry_of})</span>` : ""}</td>
      <td>${esc(j.model_type)}</td><td class="state">${badge(j.status)}${j.error_message ? `<br><span class="muted">${esc(j.error_message)}</span>` : ""}</td>
      <td><span class="progress"><span style="width:${progress}%"></span></span> ${progress}% · epoch ${esc(j.current_epoch)}/${esc(j.total_epochs ?? "?")}${j.eta_seconds ? ` · ${Math.round(j.eta_seconds)} s left` : ""}</td>
      <td>${esc(when(j.created_at))}</td><td class="row">${actions(j)}</td></tr>`;
  }

  async function loadJobs() {
    try {
      const page = await api("training", "/api/v1/training/jobs?limit=50");
      jobsBody.innerHTML = page.items.map(row).join("") || `<tr><td colspan="6" class="muted">No training jobs yet.</td></tr>`;
    } catch (e) { flash(e.message, "error"); }
  }

  async function loadModels() {
    try {
      const res = await api("training", "/api/v1/training/models");
      document.querySelector("#models tbody").innerHTML = (res.items || []).map((m) => `
        <tr class="model" data-type="${esc(m.model_type)}" data-version="${esc(m.version)}"><td>${esc(m.model_type)}</td><td>v${esc(m.version)}</td><td>#${esc(m.job_id)}</td>
        <td class="muted">${esc(Object.entries(m.metrics || {}).filter(([, v]) => typeof v === "number").slice(0, 4).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(", "))}</td>
        <td>${esc(when(m.created_at))}</td><td>${m.is_active ? badge("active") : `<button data-act="activate">Activate</button>`}</td></tr>`).join("")
        || `<tr><td colspan="6" class="muted">No trained models yet.</td></tr>`;
    } catch (e) { flash(e.message, "error"); }
  }

  const SERIES = ["train.loss", "validation.loss", "validation.auc"];
  function draw() {
    const el = document.getElementById("epoch-chart");
    if (!open || !el) return;
    const epochs = [...open.epochs.keys()].sort((a, b) => a - b);
    document.getElementById("epoch-count").textContent = `${epochs.length} epoch(s) recorded`;
    if (!epochs.length) return;
    homeai.lineChart(el, `Job #${open.id}: metrics per epoch`, epochs,
      SERIES.map((name) => ({ label: name, values: epochs.map((e) => open.epochs.get(e)[name] ?? null) })), { xLabel: "epoch" });
  }

  async function watch(id) {
    if (open && open.socket) open.socket.close();
    open = { id, socket: null, epochs: new Map() };
    detail.innerHTML = `<h2>Job #${id}</h2><p><span id="live-state" class="muted">connecting…</span> · <span id="epoch-count"></span></p><div id="epoch-chart" class="chart"></div>`;
    try {
      const m = await api("training", `/api/v1/training/jobs/${id}/metrics`);
      for (const e of m.epochs || []) open.epochs.set(e.epoch, e);
      draw();
    } catch (e) { flash(e.message, "error"); }
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ui/ws/training/${id}`);
    open.socket = socket;
    socket.onopen = () => { document.getElementById("live-state").textContent = "live"; };
    socket.onclose = () => { const s = document.getElementById("live-state"); if (s) s.textContent = "not live (the job is final or the connection closed)"; };
    socket.onmessage = (msg) => {
      const ev = JSON.parse(msg.data);
      if (!open || open.id !== id) return;
      document.getElementById("live-state").textContent = `live · ${ev.event} · ${ev.status ?? ""}`;
      if (ev.metrics && ev.epoch != null && SERIES.some((k) => ev.metrics[k] != null)) {
        open.epochs.set(ev.epoch, { epoch: ev.epoch, ...ev.metrics });
        draw();
      }
      if (ev.event !== "progress" || ev.metrics) loadJobs();
    };
  }

  jobsBody.addEventListener("click", (e) => {
    const button = e.target.closest("button[data-act]");
    if (!button) return;
    const id = Number(button.closest("tr").dataset.id);
    const what = button.dataset.act;
    if (what === "watch") { watch(id); return; }
    act(button, async () => {
      if (what === "cancel") await api("training", `/api/v1/training/jobs/${id}`, "DELETE");
      else await api("training", `/api/v1/training/jobs/${id}/${what}`, "POST");
      flash(`job #${id}: ${what}`);
      await loadJobs();
    });
  });
  document.querySelector("#models tbody").addEventListener("click", (e) => {
    const button = e.target.closest("button[data-act=activate]");
    if (!button) return;
    const tr = button.closest("tr");
    act(button, async () => {
      await api("training", `/api/v1/training/models/${tr.dataset.type}/versions/${tr.dataset.version}/activate`, "POST");
      flash(`${tr.dataset.type} v${tr.dataset.version} is active`);
      await loadModels();
    });
  });
  document.getElementById("new-job").addEventListener("submit", (e) => {
    e.preventDefault();
    act(e.submitter, async () => {
      const job = await api("training", "/api/v1/training/jobs", "POST", {
        model_type: document.getElementById("model-type").value,
        config: { epochs: Number(document.getElementById("epochs").value) },
      });
      flash(`job #${job.id} queued`);
      await loadJobs();
      watch(job.id);
    });
  });
  homeai.ready.then(() => { loadJobs(); loadModels(); });
  setInterval(() => { if (document.visibilityState === "visible") loadJobs(); }, 3000);
})();
