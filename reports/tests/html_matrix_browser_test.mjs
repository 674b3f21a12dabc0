// Checks the matrix of the sample runs in headless Chromium: everything matrix_page_check.mjs
// checks on any matrix page, plus what the sample data is known to hold (row and failure
// counts, the header's runs, the expired expectation, one cell's evidence shown as text, the
// documentation links).
// Usage: node html_matrix_browser_test.mjs PAGE.html CHROMIUM NODE_MODULES WORK_DIR
import { checkMatrixPage } from './matrix_page_check.mjs';

const [pagePath, chromiumPath, nodeModules, workDir] = process.argv.slice(2);
if (!workDir) {
  console.error('usage: node html_matrix_browser_test.mjs PAGE.html CHROMIUM NODE_MODULES WORK_DIR');
  process.exit(2);
}

async function sampleChecks(page, check, { total, failing }) {
  check(total === 12 && failing === 6, `expected 12 scenario rows of which 6 fail, found ${total} and ${failing}`);

  // Every header row names a target's BITS version, build, date and expectations.
  const runs = await page.$$eval('table.runs tbody tr', (trs) => trs.map((tr) => tr.innerText));
  check(runs.length === 5, `expected 5 runs in the header, found ${runs.length}`);
  check(runs.some((text) => /wine-win7.*7601.*3\.0.*2026-11-23T11:00:00Z.*wine\.expect/s.test(text)),
        'the wine run is not described in the header');
  check(await page.locator('.expired').count() === 1, 'the expired expectation is not marked');

  // A failing cell opens its evidence, markup shown as text.
  const row = page.locator('tr.scenario', { has: page.getByRole('link', { name: 'TokenOptionsQi.OtherUsersJobIsDenied' }) });
  const cell = row.locator('td.v-fail');
  const evidence = cell.locator('.evidence').first();
  await cell.locator('summary').first().click();
  const text = await evidence.innerText();
  check(text.includes('QI returned <E_NOINTERFACE> & then') && text.includes('拒绝访问') && text.includes(']]>'),
        `unexpected evidence: ${text.slice(0, 200)}`);
  await cell.locator('summary').first().click();

  // Each row with documentation links it.
  const links = await page.$$eval('tr.scenario th.scenario a', (as) => as.map((a) => a.href));
  check(links.length === 5 && links.every((href) => href.startsWith('https://learn.microsoft.com/')),
        `expected 5 documentation links, found ${links.join(' ')}`);
}

let problems;
try {
  problems = await checkMatrixPage({ pagePath, chromiumPath, nodeModules, workDir, extraChecks: sampleChecks });
} catch (error) {
  console.error(`html_matrix_browser_test: ${error.message.split('\n')[0]}`);
  process.exit(1);
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`html_matrix_browser_test: ${problem}`);
  process.exit(1);
}
console.log('html_matrix_browser_test: the sample matrix loads cleanly, its filter and evidence work');
