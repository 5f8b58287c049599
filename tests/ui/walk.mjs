// Walks a person through homeai's web UI in headless Chromium (Debian's, through Playwright's
// core package: no browser download) and saves a screenshot of each page it sees.
//   node walk.mjs <walk>   with walk one of: suggestions, pages, ask, training
// Environment: HOMEAI_UI_URL (the query service), HOMEAI_UI_TOKEN, HOMEAI_UI_SCREENSHOTS (a
// folder), CHROMIUM (the browser, default /usr/bin/chromium), and per walk the ids the Rust
// test prepared (HOMEAI_UI_SUGGESTION, HOMEAI_UI_REJECT, HOMEAI_UI_JOB, HOMEAI_UI_QUESTION,
// HOMEAI_UI_OPTION). Exits non-zero, saying why, when a step fails.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};
const base = env("HOMEAI_UI_URL");
const shots = env("HOMEAI_UI_SCREENSHOTS");
mkdirSync(shots, { recursive: true });
const walk = process.argv[2];
const T = { timeout: 30_000 };

const browser = await chromium.launch({
  executablePath: env("CHROMIUM", "/usr/bin/chromium"),
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
// HOMEAI_UI_BROWSER_TZ: the browser's own time zone (the page must show the home's instead)
const browserZone = process.env.HOMEAI_UI_BROWSER_TZ;
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...(browserZone ? { timezoneId: browserZone } : {}) });
const problems = [];
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
page.on("console", (m) => { if (m.type() === "error") console.error(`[browser] ${m.text()}`); });

const step = (text) => console.log(`- ${text}`);
async function shot(name) {
  const path = join(shots, `${walk}-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  step(`screenshot ${path}`);
}
async function open(path) {
  await page.goto(base + path, { waitUntil: "domcontentloaded" });
}
async function saveToken() {
  await page.fill("#token", env("HOMEAI_UI_TOKEN"));
  await page.click("#token-form button");
  await page.locator("#token-state", { hasText: "token saved" }).waitFor(T);
}
const flashError = () => page.locator("#flash .msg.error").allTextContents();

const walks = {
  // approve and deploy a suggestion, see it appear; reject another with a reason
  async suggestions() {
    const id = env("HOMEAI_UI_SUGGESTION");
    const rejectId = env("HOMEAI_UI_REJECT");
    await open("/");
    step("open the suggestions (the home page)");
    await saveToken();
    const card = page.locator(`.suggestion[data-id="${id}"]`);
    await card.waitFor(T);
    await card.locator(".evidence").waitFor(T);
    await card.locator("summary").click();
    await card.locator("pre.yaml", { hasText: "triggers:" }).waitFor(T);
    await shot("1-drafts");
    step(`approve suggestion ${id}`);
    await card.locator("button[data-act=approve]").click();
    await page.locator(`.suggestion[data-id="${id}"][data-status="approved"]`).waitFor(T);
    step(`deploy suggestion ${id}`);
    await page.selectOption("#status", "");
    await page.locator(`.suggestion[data-id="${id}"] button[data-act=deploy]`).click();
    const deployed = page.locator(`.suggestion[data-id="${id}"][data-status="deployed"] .deployment`);
    await deployed.waitFor({ timeout: 60_000 }).catch(async (e) => { throw new Error(`${e.message}; messages: ${await flashError()}`); });
    await deployed.locator(".badge.appeared").waitFor(T);
    await shot("2-deployed");
    step(`reject suggestion ${rejectId} with a reason`);
    const other = page.locator(`.suggestion[data-id="${rejectId}"]`);
    await other.locator(".reason").fill("not in this house");
    await other.locator("button[data-act=reject]").click();
    await page.locator(`.suggestion[data-id="${rejectId}"][data-status="rejected"]`, { hasText: "not in this house" }).waitFor(T);
    await shot("3-rejected");
    step("the deployed automation is in the deployed list");
    await open("/ui/automations");
    await page.locator("tr.automation").first().waitFor(T);
    await page.locator("tr.automation button[data-act=versions]").first().click();
    await page.locator("#versions pre.yaml").first().waitFor(T);
    await shot("4-automations");
  },

  // every page opens without a script error and shows its data
  async pages() {
    await open("/ui/health");
    await page.locator("tr.service").nth(3).waitFor(T);
    await page.locator('tr.service[data-service="query"] .dot.ok').waitFor(T);
    await shot("health");
    await open("/ui/patterns");
    await page.locator("tr.pattern").first().waitFor(T);
    await page.locator("#habit-chart canvas").waitFor(T);
    await page.fill("#min-confidence", "0.9");
    await page.dispatchEvent("#min-confidence", "change");
    await page.waitForTimeout(300);
    await page.fill("#min-confidence", "0");
    await page.dispatchEvent("#min-confidence", "change");
    await page.locator("tr.synergy").first().waitFor(T);
    const homeZone = process.env.HOMEAI_UI_HOME_TZ;
    if (homeZone) {
      step(`times are on the home's clock (${homeZone}), not the browser's (${browserZone})`);
      const shown = await page.evaluate(() => document.documentElement.dataset.timeZone);
      if (shown !== homeZone) throw new Error(`the page shows times in ${shown}, not the home's ${homeZone}`);
      await page.locator("#time-zone", { hasText: homeZone }).waitFor(T);
      const check = await page.evaluate(async (zone) => {
        const res = await fetch("/ui/api/pattern/api/v1/patterns/list?limit=500");
        const first = (await res.json()).items[0];
        const opts = { timeZoneName: "short" };
        const home = new Date(first.last_seen).toLocaleString(undefined, { ...opts, timeZone: zone });
        const browser = new Date(first.last_seen).toLocaleString(undefined, opts);
        const cell = document.querySelector("tr.pattern td:last-child").textContent.trim();
        return { home, browser, cell };
      }, homeZone);
      if (check.cell !== check.home || check.home === check.browser) {
        throw new Error(`last seen shows ${check.cell}; on the home's clock ${check.home}, on the browser's ${check.browser}`);
      }
    }
    await shot("patterns");
    await open("/ui/automations");
    await page.locator("#count", { hasText: "automation(s)" }).waitFor(T);
    await shot("automations");
  },

  // ask, answer the clarification with a button, deploy, see it in the deployed list
  async ask() {
    await open("/ui/ask");
    await saveToken();
    step("ask");
    await page.fill("#question", env("HOMEAI_UI_QUESTION"));
    await page.click("#ask-form button");
    const option = page.locator("button.option", { hasText: env("HOMEAI_UI_OPTION") }).first();
    await option.waitFor(T).catch(async (e) => { throw new Error(`${e.message}; messages: ${await flashError()}; chat: ${await page.locator("#chat").innerText()}`); });
    await shot("1-question");
    step("answer the clarification");
    await option.click();
    const answer = page.locator(".answer").last();
    await answer.waitFor(T).catch(async (e) => { throw new Error(`${e.message}; messages: ${await flashError()}; chat: ${await page.locator("#chat").innerText()}`); });
    await answer.locator("pre.yaml", { hasText: "triggers:" }).waitFor(T);
    step("the answer says how each part was read");
    await answer.locator("ul.readings li", { hasText: "— from" }).first().waitFor(T);
    await shot("2-answer");
    step("deploy it");
    await answer.locator("button.deploy").click();
    const entity = answer.locator(".deployed-entity");
    await entity.waitFor({ timeout: 60_000 }).catch(async (e) => { throw new Error(`${e.message}; messages: ${await flashError()}`); });
    const entityId = (await entity.innerText()).trim();
    await shot("3-deployed");
    step(`${entityId} is in the deployed list`);
    await open("/ui/automations");
    await page.locator(`tr.automation[data-entity="${entityId}"]`).waitFor(T);
    await shot("4-automations");
  },

  // watch a training job's chart advance; pause and resume it
  async training() {
    const id = env("HOMEAI_UI_JOB");
    await open("/ui/training");
    await saveToken();
    const row = () => page.locator(`tr.job[data-id="${id}"]`);
    await row().waitFor(T);
    await row().locator("button[data-act=watch]").click();
    await page.locator("#epoch-chart canvas").waitFor({ timeout: 60_000 });
    const epochs = async () => Number(((await page.locator("#epoch-count").innerText()).match(/\d+/) || [0])[0]);
    const advancesPast = async (n) => {
      await page.waitForFunction((n) => Number(((document.getElementById("epoch-count")?.innerText || "").match(/\d+/) || [0])[0]) > n, n, { timeout: 60_000 });
    };
    const first = await epochs();
    await advancesPast(first);
    step(`the chart advanced from ${first} to ${await epochs()} epochs`);
    await shot("1-running");
    step("pause");
    await row().locator("button[data-act=pause]").click();
    await page.locator(`tr.job[data-id="${id}"][data-status="paused"]`).waitFor(T);
    const paused = await epochs();
    await shot("2-paused");
    step("resume");
    await page.locator(`tr.job[data-id="${id}"] button[data-act=resume]`).click();
    await page.locator(`tr.job[data-id="${id}"]:not([data-status="paused"])`).waitFor(T);
    await advancesPast(paused);
    step(`after resuming it advanced to ${await epochs()} epochs`);
    await shot("3-resumed");
  },
};

let failed = null;
try {
  if (!walks[walk]) throw new Error(`no walk called ${walk}: use ${Object.keys(walks).join(", ")}`);
  await walks[walk]();
  if (problems.length) throw new Error(problems.join("\n"));
} catch (e) {
  failed = e;
  await shot("failure").catch(() => {});
}
await browser.close();
if (failed) {
  console.error(`walk ${walk} failed: ${failed.message}`);
  process.exit(1);
}
console.log(`walk ${walk}: ok`);
