import { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { freePort } from '@app/config';
import { startTestApi, testRuntime } from '../support/harness';
import { launchBrowser } from '../support/browser';

/**
 * The Content-Security-Policy is strict (scripts, styles' files, connections
 * from the engine's own origin only; no framing), and the Swagger page at
 * /docs still works under it in a real browser: it renders every operation
 * and can call the API. A policy that broke it would show as violations here.
 */
describe('the Swagger page under the security headers, in Chromium', () => {
  let api: INestApplication;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    // As `npm start` serves it: plain http on loopback, its own origin.
    api = await startTestApi({
      ...testRuntime(),
      api: { ...testRuntime().api, publicUrl: undefined, port },
    });
    await api.listen(port, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('renders every operation and runs one, with no policy violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text()))
        violations.push(message.text());
    });
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    // Written as page script text: this file is compiled without the DOM's types.
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => reportViolation(e.violatedDirective + ' ' + e.blockedURI));",
    );

    const answer = await page.goto(`${url}/docs`);
    expect(answer?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.waitForSelector('.opblock', { timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(30);

    // Try GET /health from the page: a fetch to the engine's own origin.
    const health = page.locator('.opblock-get', { hasText: '/health' }).first();
    await health.locator('.opblock-summary').click();
    await health.getByRole('button', { name: 'Try it out' }).click();
    await health.getByRole('button', { name: 'Execute' }).click();
    // The live response's row (the table's first row is its header, "Code").
    const status = health.locator('.live-responses-table tr.response .response-col_status');
    await status.first().waitFor();
    expect(await status.first().innerText()).toMatch(/^200/);

    expect(violations).toEqual([]);
    await page.close();
  });

  it('cannot be framed by another page', async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => blocked.push(message.text()));
    await page.setContent(`<iframe src="${url}/docs"></iframe>`);
    await page.waitForTimeout(1_000);
    const frame = page.frames().find((f) => f.url().startsWith(url));
    // The frame exists, but Chromium refused to load the engine's page in it.
    const rendered = frame ? await frame.locator('.swagger-ui').count() : 0;
    expect(rendered).toBe(0);
    expect(blocked.join('\n')).toMatch(
      /frame-ancestors|X-Frame-Options|refused to (connect|display)/i,
    );
    await page.close();
  });
});
