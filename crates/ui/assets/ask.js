// Ask AI: a request in plain words → the automation as a sentence and as YAML, or questions
// whose options are buttons; "Deploy" hands it to Ask AI's approve, which deploys it. A markdown
// spec with an inputs table → a blueprint; "Import into Home Assistant" saves it there through
// the automation service.
"use strict";
(() => {
  const { api, esc, flash, act } = homeai;
  const chat = document.getElementById("chat");
  const input = document.getElementById("question");

  function say(kind, html) {
    const div = document.createElement("div");
    div.className = "bubble " + kind;
    div.innerHTML = html;
    chat.append(div);
    div.scrollIntoView({ block: "nearest" });
    return div;
  }

  function questions(answer, sessionId) {
    const div = say("ai", `<p>${esc(answer.message || "I need to know a little more:")}</p>` +
      answer.questions.map((q) => `<div class="question" data-question="${esc(q.id)}"><p>${esc(q.text)}</p>
        <div class="options">${(q.options || []).map((o) => `<button class="option" data-value="${esc(o.value)}">${esc(o.label || o.value)}</button>`).join("")}</div>
        <input class="own-answer" placeholder="or in your own words" size="30"><button class="own">Answer</button></div>`).join(""));
    div.addEventListener("click", (e) => {
      const button = e.target.closest("button");
      if (!button) return;
      const q = button.closest(".question");
      const value = button.classList.contains("own") ? q.querySelector(".own-answer").value.trim() : button.dataset.value;
      if (!value) return;
      say("me", esc(button.classList.contains("own") ? value : button.textContent));
      div.querySelectorAll("button").forEach((b) => { b.disabled = true; });
      button.classList.add("chosen");
      act(null, async () => {
        const res = await api("query", "/api/v1/ask-ai/clarify", "POST", { session_id: sessionId, answers: [{ question_id: q.dataset.question, answer_text: value }] });
        if (res.clarification_complete && res.kind === "blueprint") blueprint(res);
        else if (res.clarification_complete) res.suggestions.forEach((s) => automation(s, res.query_id));
        else questions(res, res.session_id || sessionId);
      });
    });
  }

  // `s` is one of Ask AI's suggestions for the query `queryId`
  function automation(s, queryId) {
    const div = say("ai", `<div class="answer"><p class="sentence"><b>${esc(s.description)}</b></p>
      <p class="muted">confidence ${Math.round((s.confidence ?? 0) * 100)}% · ${esc(s.engine || "")}</p>
      ${(s.readings || []).length ? `<ul class="readings" title="how each part was read from your words">${s.readings.map((r) => `<li><b>${esc(r.part)}</b> — from “${esc(r.from)}”</li>`).join("")}</ul>` : ""}
      <pre class="yaml">${esc(s.automation_yaml)}</pre>
      <div class="row"><button class="primary deploy">Deploy to Home Assistant</button><span class="outcome"></span></div></div>`);
    const button = div.querySelector("button.deploy");
    const outcome = div.querySelector(".outcome");
    // Ask AI validates it, makes it a suggestion of the automation service, approves and
    // deploys it (with the safety bar) in one call
    button.addEventListener("click", () => act(button, async () => {
      outcome.textContent = "deploying…";
      let res;
      try {
        res = await api("query", `/api/v1/ask-ai/query/${encodeURIComponent(queryId)}/suggestions/${encodeURIComponent(s.suggestion_id)}/approve`, "POST");
      } catch (e) { outcome.textContent = ""; throw e; }
      if (res.status === "approved") {
        outcome.innerHTML = ` deployed as <b class="deployed-entity">${esc(res.entity_id)}</b> · <a href="/ui/automations">see the deployed automations</a>`;
        button.hidden = true;
        flash(`deployed as ${res.entity_id}`);
      } else {
        const findings = (res.validation?.findings || []).filter((f) => f.severity === "error").map((f) => f.message);
        const details = res.error_details ? (res.error_details.message || JSON.stringify(res.error_details)) : "";
        outcome.textContent = ` not deployed (${res.status}): ${[details, ...findings].filter(Boolean).join("; ")}`;
      }
    }));
  }

  // `b` is a blueprint answer: its description, readings, what was overruled, and the file
  function blueprint(b) {
    const div = say("ai", `<div class="answer blueprint"><p class="sentence"><b>${esc(b.description)}</b></p>
      <p class="muted">blueprint · confidence ${Math.round((b.confidence ?? 0) * 100)}% · ${esc(b.dialect || "")} (Home Assistant ${esc(b.ha_version || "unknown")})</p>
      ${(b.readings || []).length ? `<ul class="readings" title="how each part was read from your words">${b.readings.map((r) => `<li><b>${esc(r.part)}</b> — from “${esc(r.from)}”</li>`).join("")}</ul>` : ""}
      ${(b.overruled || []).length ? `<ul class="overruled" title="sentences that disagreed and lost">${b.overruled.map((o) => `<li>not followed: “${esc(o.sentence)}” — ${esc(o.reason)}</li>`).join("")}</ul>` : ""}
      <pre class="yaml">${esc(b.blueprint_yaml)}</pre>
      <div class="row"><button class="primary import">Import into Home Assistant</button><span class="outcome"></span></div></div>`);
    const button = div.querySelector("button.import");
    const outcome = div.querySelector(".outcome");
    // the automation service checks it and saves it with HA's blueprint/save
    button.addEventListener("click", () => act(button, async () => {
      outcome.textContent = "importing…";
      let res;
      try {
        res = await api("automation", "/api/v1/blueprints", "POST", { yaml: b.blueprint_yaml });
      } catch (e) { outcome.textContent = ` not imported: ${e.message}`; throw e; }
      outcome.innerHTML = ` saved in Home Assistant as <b class="blueprint-path">${esc(res.path)}</b>${res.replaced ? " (replaced)" : ""}`;
      button.hidden = true;
      flash(`blueprint saved as ${res.path}`);
    }));
  }

  // Enter asks; Shift+Enter is a new line (a pasted spec keeps its lines)
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      document.getElementById("ask-form").requestSubmit();
    }
  });

  document.getElementById("ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const query = input.value.trim();
    if (!query) return;
    say("me", esc(query));
    input.value = "";
    act(e.submitter, async () => {
      const res = await api("query", "/api/v1/ask-ai/query", "POST", { query });
      if (res.clarification_needed) questions(res, res.clarification_session_id);
      else if (res.kind === "blueprint") blueprint(res);
      else if (res.suggestions && res.suggestions.length) res.suggestions.forEach((s) => automation(s, res.query_id));
      else say("ai", esc(res.message || "I could not make an automation of that."));
    });
  });
})();
