// Opens the conformance matrix in headless Chromium and checks what a reader relies on: the page
// loads with no console error and no request outside itself, failing rows come first, the
// "failures only" button shows exactly the failing rows and back, and a cell opens its evidence.
// Usage: node html_matrix_browser_test.mjs PAGE.html CHROMIUM NODE_MODULES WORK_DIR
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [pagePath, chromiumPath, nodeModules, workDir] = process.argv.slice(2);
if (!workDir) {
  console.error('usage: node html_matrix_browser_test.mjs PAGE.html CHROMIUM NODE_MODULES WORK_DIR');
  process.exit(2);
}
let chromium;
try {
  ({ chromium } = createRequire(path.join(nodeModules, 'loader.js'))('playwright-core'));
} catch (error) {
  console.error(`playwright-core cannot be loaded from ${nodeModules} (${error.message}): run scripts/setup`);
  process.exit(1);
}

const problems = [];
const check = (condition, message) => { if (!condition) problems.push(message); };

const userDataDir = fs.mkdtempSync(path.join(workDir, 'chromium-profile-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const outside = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? await context.newPage();
  const consoleErrors = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));

  await page.goto(pathToFileURL(pagePath).href, { waitUntil: 'load' });
  check((await page.title()) === 'bitscts conformance matrix', 'unexpected page title');

  const rows = page.locator('tr.scenario');
  const total = await rows.count();
  const failing = await page.locator('tr.scenario.failing').count();
  check(total === 12 && failing === 6, `expected 12 scenario rows of which 6 fail, found ${total} and ${failing}`);
  check(await page.locator('#shown').textContent() === `${total} of ${total} scenarios shown`, 'wrong initial row count');

  // Within every clause family, failing rows come before the others; failing families come first.
  const order = await page.$$eval('tbody.family', (groups) => groups.map((group) => ({
    failing: group.classList.contains('failing'),
    rows: [...group.querySelectorAll('tr.scenario')].map((row) => row.classList.contains('failing')),
  })));
  for (const group of order) {
    check(group.rows.join() === [...group.rows].sort((a, b) => b - a).join(), 'a passing row precedes a failing one');
  }
  check(order.map((g) => g.failing).join() === [...order.map((g) => g.failing)].sort((a, b) => b - a).join(),
        'a passing group precedes a failing one');

  // Every header row names a target's BITS version, build, date and expectations.
  const runs = await page.$$eval('table.runs tbody tr', (trs) => trs.map((tr) => tr.innerText));
  check(runs.length === 5, `expected 5 runs in the header, found ${runs.length}`);
  check(runs.some((text) => /wine-win7.*7601.*3\.0.*2026-11-23T11:00:00Z.*wine\.expect/s.test(text)),
        'the wine run is not described in the header');
  check(await page.locator('.expired').count() === 1, 'the expired expectation is not marked');

  const button = page.getByRole('button', { name: 'Show failures only' });
  await button.click();
  let visible = await page.locator('tr.scenario:visible').count();
  let visibleFailing = await page.locator('tr.scenario.failing:visible').count();
  check(visible === failing && visibleFailing === failing,
        `with the filter on, ${visible} rows are visible (${visibleFailing} failing), expected the ${failing} failing`);
  check(await page.locator('#shown').textContent() === `${failing} of ${total} scenarios shown`, 'wrong filtered count');
  check(await page.locator('#failures-only').getAttribute('aria-pressed') === 'true', 'aria-pressed not set');
  check(await page.locator('tbody.family:not(.failing):visible').count() === 0, 'a passing family is still shown');

  await page.getByRole('button', { name: 'Show all scenarios' }).click();
  visible = await page.locator('tr.scenario:visible').count();
  check(visible === total, `after turning the filter off ${visible} of ${total} rows are visible`);

  // A failing cell opens its evidence, markup shown as text.
  const row = page.locator('tr.scenario', { has: page.getByRole('link', { name: 'TokenOptionsQi.OtherUsersJobIsDenied' }) });
  const cell = row.locator('td.v-fail');
  const evidence = cell.locator('.evidence').first();
  check(!(await evidence.isVisible()), 'evidence is shown before the cell is opened');
  await cell.locator('summary').first().click();
  check(await evidence.isVisible(), 'evidence does not open');
  const text = await evidence.innerText();
  check(text.includes('QI returned <E_NOINTERFACE> & then') && text.includes('拒绝访问') && text.includes(']]>'),
        `unexpected evidence: ${text.slice(0, 200)}`);

  // Each row with documentation links it.
  const links = await page.$$eval('tr.scenario th.scenario a', (as) => as.map((a) => a.href));
  check(links.length === 5 && links.every((href) => href.startsWith('https://learn.microsoft.com/')),
        `expected 5 documentation links, found ${links.join(' ')}`);

  check(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
  check(outside.length === 0, `the page requested other resources: ${outside.join(' ')}`);
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`html_matrix_browser_test: ${problem}`);
  process.exit(1);
}
console.log('html_matrix_browser_test: the matrix page loads cleanly and its failure filter works');
