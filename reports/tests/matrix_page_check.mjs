// Checks any conformance matrix page written by `bitscts-report matrix` in headless Chromium at
// 1400x900, whatever runs it was made from: the page loads with no console error and requests
// nothing outside itself; the headline and the first failing cell are in the first screen and
// no column is cut off; every scenario row has one cell per target; a row is marked failing
// exactly when one of its cells holds a failing verdict, and failing rows and groups come first;
// the "failures only" filter shows exactly the failing rows (or, with none, its "no failures"
// state) and turns back off; every cell that holds a verdict opens its own detail panel, outside
// the grid, with its content, and Escape closes it.
//
// As a command: node matrix_page_check.mjs PAGE.html CHROMIUM NODE_MODULES WORK_DIR
// As a module: checkMatrixPage(options) returns the list of problems found; `extraChecks(page,
// check, facts)` runs further checks on the loaded page before the filter is touched (the page
// is left as it was found).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const FAILING_VERDICTS = new Set(['fail', 'xpass', 'timeout', 'error']);
const VERDICTS = new Set([...FAILING_VERDICTS, 'pass', 'unsupported', 'xfail']);

// Returns playwright-core's chromium from `nodeModules`, or throws a one-line reason.
function loadChromium(nodeModules) {
  try {
    return createRequire(path.resolve(nodeModules, 'loader.js'))('playwright-core').chromium;
  } catch (error) {
    throw new Error(`playwright-core cannot be loaded from ${nodeModules} (${error.message}): run scripts/setup`);
  }
}

// Returns, per scenario row, its id, whether it is marked failing and what its cells hold.
async function readRows(page) {
  return page.$$eval('tr.scenario', (rows) => rows.map((row) => ({
    id: row.dataset.scenario ?? '',
    failing: row.classList.contains('failing'),
    cells: [...row.querySelectorAll('td.cell')].map((cell) => ({
      none: cell.classList.contains('v-none'),
      verdicts: (cell.dataset.verdicts ?? '').split(' ').filter(Boolean),
      panel: cell.querySelector('a.open')?.getAttribute('href') ?? '',
    })),
  })));
}

// Opens every cell's detail panel inside the page (as a click does: the link's fragment); returns
// the cells whose panel is missing, inside the grid, shown before opening, or empty once open.
async function openEveryCell(page) {
  const problems = await page.$$eval('td.cell a.open', (links) => {
    const shown = (element) => (element.checkVisibility ? element.checkVisibility()
                                                        : element.getClientRects().length > 0);
    const found = [];
    for (const link of links) {
      const id = link.getAttribute('href').slice(1);
      const panel = document.getElementById(id);
      const where = `${link.closest('tr')?.dataset.scenario} (${link.title})`;
      if (!panel || !panel.classList.contains('detail')) { found.push(`${where}: no detail panel`); continue; }
      if (panel.closest('#matrix')) found.push(`${where}: the panel is inside the grid`);
      if (shown(panel)) found.push(`${where}: the panel shows before the cell is opened`);
      location.hash = id;
      const text = panel.innerText;
      const verdict = link.closest('td').dataset.verdicts.split(' ')[0];
      const failing = ['fail', 'xpass', 'timeout', 'error'].includes(verdict);
      // A failing case says why: a message, its checks or error text, or its evidence.
      const says = panel.querySelector('.message, pre.checks, pre.evidence');
      if (!shown(panel) || !text.includes(link.closest('tr').dataset.scenario) ||
          !text.includes(verdict) || (failing && !says)) {
        found.push(`${where}: the panel does not open with its content`);
      }
    }
    location.hash = '_';
    return found;
  });
  return problems;
}

// Checks what a team lead must see at a glance in the first 1400x900 screen: the headline and
// the first failing cell, and a grid no column of which is cut off.
async function checkFirstScreen(page, check) {
  const facts = await page.evaluate(() => {
    const box = (element) => element?.getBoundingClientRect();
    const grid = document.getElementById('matrix');
    const headers = [...grid.querySelectorAll('thead th')].map((th) => box(th).right);
    const failing = document.querySelector('td.cell.v-fail, td.cell.v-timeout, td.cell.v-error, td.cell.v-xpass');
    return {
      width: document.documentElement.clientWidth,
      height: window.innerHeight,
      gridScroll: grid.scrollWidth,
      pageScroll: document.documentElement.scrollWidth,
      rightmostHeader: Math.max(...headers),
      headline: box(document.getElementById('headline')),
      failing: failing ? box(failing) : null,
    };
  });
  check(facts.gridScroll <= facts.width && facts.pageScroll <= facts.width,
        `the grid is wider than the window: grid ${facts.gridScroll}, page ${facts.pageScroll}, window ${facts.width} px`);
  check(facts.rightmostHeader <= facts.width, `a target column ends at ${facts.rightmostHeader} px, beyond the window's ${facts.width}`);
  check(facts.headline && facts.headline.top >= 0 && facts.headline.bottom <= facts.height,
        `the headline is not within the first screen (${JSON.stringify(facts.headline)})`);
  if (facts.failing) {
    check(facts.failing.top >= 0 && facts.failing.bottom <= facts.height && facts.failing.right <= facts.width,
          `the first failing cell is not within the first screen (${JSON.stringify(facts.failing)})`);
  }
  return facts;
}

// Opens `pagePath` in `page` and runs every check on it, adding what fails to `problems`.
async function inspectPage(page, pagePath, check, problems, extraChecks) {
  await page.goto(pathToFileURL(path.resolve(pagePath)).href, { waitUntil: 'load' });
  check((await page.title()) === 'bitscts conformance matrix', 'unexpected page title');
  const firstScreen = await checkFirstScreen(page, check);
  const dangling = await page.$$eval('a[href^="#"]', (links) => links
    .map((link) => link.getAttribute('href').slice(1))
    .filter((id) => id !== '_' && !document.getElementById(id)));
  check(dangling.length === 0, `links to nothing in the page: ${dangling.slice(0, 5).join(' ')}`);

  // Structure: one cell per target in every row; failing marks agree with the verdicts.
  const targets = await page.locator('#matrix thead th.target').count();
  const rows = await readRows(page);
  const total = rows.length;
  const failing = rows.filter((row) => row.failing).length;
  check(targets > 0, 'the matrix names no target');
  check(total > 0, 'the matrix has no scenario row');
  for (const row of rows) {
    check(row.cells.length === targets, `${row.id}: ${row.cells.length} cells for ${targets} targets`);
    const verdicts = row.cells.flatMap((cell) => cell.verdicts);
    const unknown = verdicts.filter((verdict) => !VERDICTS.has(verdict));
    check(unknown.length === 0, `${row.id}: unknown verdicts ${unknown.join(' ')}`);
    const shouldFail = verdicts.some((verdict) => FAILING_VERDICTS.has(verdict));
    check(row.failing === shouldFail, `${row.id}: marked ${row.failing ? '' : 'not '}failing, verdicts ${verdicts.join(' ')}`);
    for (const cell of row.cells) {
      check(cell.none ? cell.verdicts.length === 0 : cell.verdicts.length > 0 && cell.panel.startsWith('#c-'),
            `${row.id}: a cell without a verdict and a link to its panel`);
    }
  }
  check(await page.locator('#shown').textContent() === `${total} of ${total} scenarios shown`, 'wrong initial row count');
  check(!(await page.locator('#no-failures').isVisible()), 'the "no failures" state shows without the filter');

  // Within every clause family failing rows come first; failing families come first.
  const order = await page.$$eval('tbody.family', (groups) => groups.map((group) => ({
    failing: group.classList.contains('failing'),
    rows: [...group.querySelectorAll('tr.scenario')].map((row) => row.classList.contains('failing')),
  })));
  const sortedFirst = (flags) => flags.join() === [...flags].sort((a, b) => b - a).join();
  check(order.every((group) => sortedFirst(group.rows)), 'a passing row precedes a failing one');
  check(sortedFirst(order.map((group) => group.failing)), 'a passing group precedes a failing one');
  check(order.every((group) => group.failing === group.rows.some(Boolean)), 'a group is marked against its rows');

  if (extraChecks) await extraChecks(page, check, { total, failing, targets, firstScreen });

  // The filter, turned on and off by a real click.
  await page.getByRole('button', { name: 'Show failures only' }).click();
  const visible = await page.locator('tr.scenario:visible').count();
  const visibleFailing = await page.locator('tr.scenario.failing:visible').count();
  check(visible === failing && visibleFailing === failing,
        `with the filter on, ${visible} rows are visible (${visibleFailing} failing), expected the ${failing} failing`);
  check(await page.locator('#shown').textContent() === `${failing} of ${total} scenarios shown`, 'wrong filtered count');
  check(await page.locator('#failures-only').getAttribute('aria-pressed') === 'true', 'aria-pressed not set');
  check(await page.locator('tbody.family:not(.failing):visible').count() === 0, 'a passing family is still shown');
  const noFailuresShown = await page.locator('#no-failures').isVisible();
  check(noFailuresShown === (failing === 0),
        failing === 0 ? 'with no failing row the filter does not say so' : 'the "no failures" state shows beside failing rows');
  await page.getByRole('button', { name: 'Show all scenarios' }).click();
  check(await page.locator('tr.scenario:visible').count() === total, 'turning the filter off does not show every row');
  check(!(await page.locator('#no-failures').isVisible()), 'the "no failures" state stays after the filter is off');

  // Every cell opens its panel: all of them inside the page, the first one by a real click,
  // which Escape closes again.
  for (const problem of await openEveryCell(page)) problems.push(problem);
  const first = page.locator('td.cell a.open').first();
  if (await first.count() > 0) {
    const panel = page.locator((await first.getAttribute('href')));
    await first.click();
    check(await panel.isVisible(), 'the first cell does not open its panel on a click');
    await page.keyboard.press('Escape');
    check(!(await panel.isVisible()), 'Escape does not close the panel');
  }
}

// Loads `pagePath` in headless Chromium and checks it; returns the problems found (empty: none).
export async function checkMatrixPage({ pagePath, chromiumPath, nodeModules, workDir, extraChecks }) {
  const problems = [];
  const check = (condition, message) => { if (!condition) problems.push(message); };
  const chromium = loadChromium(nodeModules);
  const userDataDir = fs.mkdtempSync(path.join(path.resolve(workDir), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    viewport: { width: 1400, height: 900 },
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

    page.setDefaultTimeout(5000);  // a broken page fails fast instead of waiting on controls
    try {
      await inspectPage(page, pagePath, check, problems, extraChecks);
    } catch (error) {
      problems.push(`checking stopped: ${error.message.split('\n')[0]}`);
    }
    check(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
    check(outside.length === 0, `the page requested other resources: ${outside.join(' ')}`);
    return problems;
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

// As a command: check the page named on the command line.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [pagePath, chromiumPath, nodeModules, workDir] = process.argv.slice(2);
  if (!workDir) {
    console.error('usage: node matrix_page_check.mjs PAGE.html CHROMIUM NODE_MODULES WORK_DIR');
    process.exit(2);
  }
  if (!fs.existsSync(pagePath)) {
    console.error(`matrix_page_check: ${pagePath}: no such file`);
    process.exit(2);
  }
  let problems;
  try {
    fs.mkdirSync(workDir, { recursive: true });
    problems = await checkMatrixPage({ pagePath, chromiumPath, nodeModules, workDir });
  } catch (error) {
    console.error(`matrix_page_check: ${error.message.split('\n')[0]}`);
    process.exit(1);
  }
  for (const problem of problems) console.error(`matrix_page_check: ${pagePath}: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log(`matrix_page_check: ${pagePath}: loads cleanly, fits 1400x900, its filter and every cell's panel work`);
}
