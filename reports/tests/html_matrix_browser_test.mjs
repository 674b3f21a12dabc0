// Checks two matrices in headless Chromium at 1400x900: everything matrix_page_check.mjs checks
// on any matrix page, plus what their data is known to hold.
// - The team lead's page (data/lead: a Windows build with a fail, a timeout and an error, two
//   earlier runs of it, a baseline): the headline names the regressions, their targets and the
//   baseline; Windows columns come first, newest build first; the three failing cells are in the
//   first screen in distinct colours with their verdict written; a real click opens a panel
//   with the message, the clause's statement, the evidence and the history; the changes table
//   and the history strips are there; without its script the page still opens panels. Writes
//   matrix-first-screen.png and matrix-detail-open.png.
// - The sample runs (data/runs): row and failure counts, the runs table, the expired
//   expectation, markup in a message shown as text, the documentation links.
// Usage: node html_matrix_browser_test.mjs LEAD.html SAMPLES.html CHROMIUM NODE_MODULES WORK_DIR
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkMatrixPage } from './matrix_page_check.mjs';

const [leadPath, samplesPath, chromiumPath, nodeModules, workDir] = process.argv.slice(2);
if (!workDir) {
  console.error('usage: node html_matrix_browser_test.mjs LEAD.html SAMPLES.html CHROMIUM NODE_MODULES WORK_DIR');
  process.exit(2);
}

// Returns the panel a cell opens: the cell of `scenario` in the column of `target`.
async function cellOf(page, scenario, target) {
  const targets = await page.$$eval('#matrix thead th.target', (ths) => ths.map((th) => th.firstChild.textContent));
  const column = targets.indexOf(target);
  return page.locator(`tr.scenario[data-scenario="${scenario}"] td.cell`).nth(column);
}

async function leadChecks(page, check, { total, failing }) {
  check(total === 18 && failing === 4, `expected 18 scenario rows of which 4 fail, found ${total} and ${failing}`);
  const lead = await page.locator('#headline .lead').innerText();
  check(lead === '4 regressions on windows-26100, windows-19045 since baseline windows-26100 (2026-11-16T06:00:00Z)',
        `unexpected headline: ${lead}`);
  const targets = await page.$$eval('#matrix thead th.target', (ths) => ths.map((th) => th.firstChild.textContent));
  check(targets.join(' ') === 'windows-26100 windows-22631 windows-19045 wine-win7 com-model-19045 model-19045 null',
        `unexpected column order: ${targets.join(' ')}`);

  // The fail, the timeout and the error of windows-26100: in the first screen, each in its own
  // colour and with its verdict written, not told by colour alone.
  const cells = {
    fail: await cellOf(page, 'Logoff.TokenRequiredAfterOwnerLogoff', 'windows-26100'),
    timeout: await cellOf(page, 'Logoff.HelperSurvivesOwnerLogoff', 'windows-26100'),
    error: await cellOf(page, 'Logoff.AgentSurvivesLogoff', 'windows-26100'),
    xpass: await cellOf(page, 'HelperTokenSid.EmptyWithoutToken', 'windows-19045'),
  };
  const colours = new Set();
  for (const [verdict, cell] of Object.entries(cells)) {
    const facts = await cell.evaluate((td) => ({
      text: td.querySelector('a.open').innerText, colour: getComputedStyle(td).backgroundColor,
      box: td.getBoundingClientRect().toJSON(),
    }));
    colours.add(facts.colour);
    check(facts.text.includes(verdict) && /^\S+ /.test(facts.text), `the ${verdict} cell reads '${facts.text}'`);
    check(facts.box.bottom <= 900 && facts.box.right <= 1400, `the ${verdict} cell is outside the first screen`);
  }
  check(colours.size === 4, `fail, timeout, error and xpass share colours: ${[...colours].join(' ')}`);
  await page.screenshot({ path: path.join(workDir, 'matrix-first-screen.png') });

  // A real click on the timeout cell opens its panel beside the grid, each part once.
  await cells.timeout.locator('a.open').click();
  const panel = page.locator('section.detail:target');
  check(await panel.isVisible(), 'the timeout cell opens no panel');
  const text = await panel.innerText();
  const once = (needle) => text.split(needle).length === 2;
  check(once('the job did not reach TRANSFERRED within 30 s'), 'the panel does not show the message exactly once');
  check(once("The helper token outlives the owner's logon session."), "the panel does not show the clause's statement once");
  check(once('waiting for TRANSFERRED: still CONNECTING after 30 s'), 'the panel does not show the evidence once');
  check(text.includes('Regression: pass in baseline windows-26100'), 'the panel does not say it regressed');
  check(await panel.locator('ol.history li').count() === 3, 'the panel does not list the three runs');
  const box = await panel.boundingBox();
  check(box && box.x >= 1400 * 0.4 && box.x + box.width <= 1400 && box.height >= 850, `the panel is not a side panel: ${JSON.stringify(box)}`);
  check(await cells.timeout.evaluate((td) => td.classList.contains('selected')), 'the opened cell is not marked');
  await page.screenshot({ path: path.join(workDir, 'matrix-detail-open.png') });
  await page.keyboard.press('Escape');
  check(!(await panel.isVisible()), 'Escape does not close the panel');

  check(await page.locator('table.changes td.regression').count() === 4, 'the changes table does not list 4 regressions');
  check(await page.locator('td.cell .strip').count() === 18, 'expected one history strip per windows-26100 cell');

  // Without its script the page still opens a cell's panel (CSS :target) and hides the filter,
  // which needs the script.
  const withoutScript = path.join(workDir, 'lead-without-script.html');
  fs.writeFileSync(withoutScript, fs.readFileSync(leadPath, 'utf8').replace(/<script>[\s\S]*?<\/script>/, ''));
  const plain = await page.context().newPage();
  try {
    await plain.goto(pathToFileURL(withoutScript).href);
    check(!(await plain.locator('#controls').isVisible()), 'without the script the filter button shows');
    await plain.locator('tr.scenario[data-scenario="Logoff.AgentSurvivesLogoff"] a.open').first().click();
    const open = plain.locator('section.detail:target');
    check(await open.isVisible() && (await open.innerText()).includes('the agent process crashed'),
          'without the script a click opens no panel');
  } finally {
    await plain.close();
  }
}

async function sampleChecks(page, check, { total, failing }) {
  check(total === 12 && failing === 6, `expected 12 scenario rows of which 6 fail, found ${total} and ${failing}`);

  // Every header row names a target's BITS version, build, date and expectations.
  const runs = await page.$$eval('table.runs tbody tr', (trs) => trs.map((tr) => tr.innerText));
  check(runs.length === 5, `expected 5 runs in the header, found ${runs.length}`);
  check(runs.some((text) => /wine-win7.*7601.*3\.0.*2026-11-23T11:00:00Z.*wine\.expect/s.test(text)),
        'the wine run is not described in the header');
  check(await page.locator('span.expired').count() === 1, 'the expired expectation is not marked');
  check((await page.locator('#headline p.expired').innerText()).startsWith('1 expectation expired'),
        'the headline does not say that an expectation expired');

  // A failing cell opens its panel, markup shown as text.
  const cell = await cellOf(page, 'TokenOptionsQi.OtherUsersJobIsDenied', 'wine-win7');
  await cell.locator('a.open').click();
  const text = await page.locator('section.detail:target').innerText();
  check(text.includes('QI returned <E_NOINTERFACE> & then') && text.includes('拒绝访问') && text.includes(']]>'),
        `unexpected panel: ${text.slice(0, 200)}`);
  await page.keyboard.press('Escape');

  // Each row with documentation links it.
  const links = await page.$$eval('tr.scenario th.scenario a', (as) => as.map((a) => a.href));
  check(links.length === 5 && links.every((href) => href.startsWith('https://learn.microsoft.com/')),
        `expected 5 documentation links, found ${links.join(' ')}`);
}

let failed = false;
for (const [pagePath, extraChecks] of [[leadPath, leadChecks], [samplesPath, sampleChecks]]) {
  let problems;
  try {
    problems = await checkMatrixPage({ pagePath, chromiumPath, nodeModules, workDir, extraChecks });
  } catch (error) {
    problems = [error.message.split('\n')[0]];
  }
  for (const problem of problems) console.error(`html_matrix_browser_test: ${path.basename(pagePath)}: ${problem}`);
  failed ||= problems.length > 0;
}
if (failed) process.exit(1);
console.log('html_matrix_browser_test: both matrices load cleanly, fit 1400x900, and their headline, panels and filter work');
console.log(`html_matrix_browser_test: screenshots in ${path.resolve(workDir)}: matrix-first-screen.png, matrix-detail-open.png`);
