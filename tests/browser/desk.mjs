// Browser test of the story desk, driven by crates/cli/tests/browser.rs, which ingests the
// seeds and a few hostile articles, starts `parallax serve` on loopback and runs:
//   node tests/browser/desk.mjs
// with BASE (server URL), TOKEN (the write token), OUT (screenshot folder), CHROMIUM (binary).
// Exits non-zero with a message on the first failed check.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.BASE;
const TOKEN = process.env.TOKEN;
const OUT = process.env.OUT || "target/browser-artifacts";
const SV_WORD = process.env.SV_WORD || "förhandlingar";
const EN_WORD = process.env.EN_WORD || "negotiate";
assert.ok(BASE, "BASE (the server URL) is required");
mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
const page = await context.newPage();
const dialogs = [];
page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
const step = (name) => console.log(`browser: ${name}`);

try {
  // 1. List -> open the story with English and Swedish articles -> both seeds side by side.
  step("story list");
  await page.goto(BASE + "/");
  const row = page.locator("tr.story").filter({ has: page.locator(".lang", { hasText: /^en$/ }) })
    .filter({ has: page.locator(".lang", { hasText: /^sv$/ }) });
  assert.equal(await row.count(), 1, "exactly one story in en and sv");
  await page.screenshot({ path: `${OUT}/list.png`, fullPage: true });
  const storyId = await row.getAttribute("data-story-id");
  await row.locator("a").first().click();
  await page.waitForURL(`**/story/${storyId}`);
  step(`story ${storyId}`);
  const en = page.locator('article.source[lang="en"]');
  const sv = page.locator('article.source[lang="sv"]');
  assert.equal(await en.count(), 1, "one English source");
  assert.equal(await sv.count(), 1, "one Swedish source");
  await sv.scrollIntoViewIfNeeded();
  const [be, bs] = [await en.boundingBox(), await sv.boundingBox()];
  assert.ok(be && bs, "both sources are rendered");
  assert.ok(Math.abs(be.y - bs.y) < 5 && Math.abs(be.x - bs.x) > 200, `side by side: ${JSON.stringify([be, bs])}`);
  for (const src of [en, sv]) {
    assert.equal((await src.locator("time").innerText()).trim(), "2026-03-02", "publication date shown");
    assert.ok((await src.locator(".text").innerText()).length > 300, "clean text shown");
  }
  // The conflicting title is flagged, with the outlet on each side.
  const disagree = page.locator("section.disagreements");
  assert.equal(await disagree.count(), 1, "a disagreements block");
  const flagged = await disagree.innerText();
  for (const want of ["Larijani", "secretary", "president", "Al Jazeera", "Vietnam.vn"]) {
    assert.ok(flagged.includes(want), `disagreement shows ${want}: ${flagged}`);
  }
  await page.screenshot({ path: `${OUT}/story.png`, fullPage: true });
  await sv.screenshot({ path: `${OUT}/story-sv-source.png` });

  // 2. Search by a Swedish word and by an English word (the header's search box for the first).
  for (const [word, lang] of [[SV_WORD, "sv"], [EN_WORD, "en"]]) {
    step(`search ${word}`);
    if (lang === "sv") {
      await page.goto(BASE + "/");
      await page.fill('header form.search input[name="q"]', word);
      await page.press('header form.search input[name="q"]', "Enter");
      await page.waitForURL("**/search?**");
    } else {
      await page.goto(`${BASE}/search?q=${encodeURIComponent(word)}`);
    }
    const hit = page.locator(`li.hit[data-story-id="${storyId}"]`);
    assert.ok(await hit.count() >= 1, `search for ${word} finds story ${storyId}`);
    assert.ok(await hit.locator(".lang", { hasText: lang }).count() >= 1, `a ${lang} article matches ${word}`);
    await page.screenshot({ path: `${OUT}/search-${lang}.png`, fullPage: true });
  }

  // 3. Hostile content never runs: open every story that has it.
  step("hostile content");
  await page.goto(`${BASE}/search?q=quillmouth`);
  const links = await page.locator("li.hit a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.length >= 2, `hostile fixtures are searchable (${links.length} hits)`);
  for (const href of [...new Set(links)]) {
    await page.goto(BASE + href);
    await page.waitForTimeout(300);
    const probe = await page.evaluate(() => ({
      pwned: window.__pwned ?? null,
      scripts: [...document.scripts].map((s) => s.src || "inline"),
      handlers: document.querySelectorAll("[onerror],[onload],[onclick]").length,
      jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
      text: document.querySelector("main").innerText,
    }));
    assert.equal(probe.pwned, null, `no injected code ran on ${href}`);
    assert.deepEqual(probe.scripts, [`${BASE}/assets/desk.js`], `only the desk's script on ${href}`);
    assert.equal(probe.handlers, 0, `no event-handler attributes on ${href}`);
    assert.equal(probe.jsLinks, 0, `no javascript: links on ${href}`);
  }
  await page.screenshot({ path: `${OUT}/hostile.png`, fullPage: true });
  assert.deepEqual(dialogs, [], "no dialog was opened");

  // 4. Writes need the token.
  step("write endpoint needs the token");
  const body = JSON.stringify({ title: "x", text: "y" });
  for (const headers of [{}, { Authorization: "Bearer wrong" }]) {
    const r = await fetch(`${BASE}/api/articles`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    assert.equal(r.status, 401, `POST without a valid token: ${r.status}`);
  }

  // 5. Live: a posted article appears on the open list without a reload.
  step("live update");
  await page.goto(BASE + "/");
  await page.waitForFunction(() => document.body.dataset.liveReady === "1", null, { timeout: 10000 });
  await page.evaluate(() => { window.__samePage = true; });
  const title = "Lighthouse keepers of Vardø Marrow island strike over new automation plan";
  const r = await fetch(`${BASE}/api/articles`, {
    method: "POST",
    headers: { "content-type": "application/json", Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      id: "live-1", url: "https://coast.example/lighthouse", title, lang: "en", published: "2026-03-03",
      text: "The lighthouse keepers of Vardø Marrow island walked out on Tuesday over a plan to automate the " +
        "beacon, the keepers' union said. The island council will meet the union next week.",
    }),
  });
  assert.equal(r.status, 200, `POST with the token: ${r.status}`);
  const res = await r.json();
  assert.equal(res.results[0].status, "stored", JSON.stringify(res));
  await page.locator("tr.story a", { hasText: title }).waitFor({ timeout: 15000 });
  assert.equal(await page.evaluate(() => window.__samePage), true, "the page was updated in place, not reloaded");
  await page.screenshot({ path: `${OUT}/live.png`, fullPage: true });
  assert.deepEqual(errors, [], "no script errors");
  console.log("browser: all checks passed");
} catch (e) {
  await page.screenshot({ path: `${OUT}/failure.png`, fullPage: true }).catch(() => {});
  console.error(`browser test failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
