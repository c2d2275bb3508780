import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOTS } from './web-stack';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is now: the serious and
 * critical violations. axe is evaluated through the DevTools protocol, which the
 * page's Content-Security-Policy does not govern: the page runs as served.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // Written as page script text: this file is compiled without the DOM's types.
  const violations = await page.evaluate<AxeViolation[]>(`
    axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }).then((result) => result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    })))
  `);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A full-page screenshot under test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A small PDF (its magic number and a body) of `size` bytes. */
export function pdfOf(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write('%PDF-1.7\n1 0 obj << >> endobj\n', 0, 'latin1');
  bytes.write('\n%%EOF\n', size - 7, 'latin1');
  return bytes;
}

/** The error the page shows next to a field (tied to it by aria-describedby, role=alert). */
export async function fieldErrorOf(field: Locator): Promise<string> {
  const page = field.page();
  for (let i = 0; i < 50; i++) {
    if ((await field.getAttribute('aria-invalid')) === 'true') break;
    await page.waitForTimeout(100);
  }
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  for (const id of describedBy.split(' ').filter(Boolean)) {
    const node = page.locator(`[id="${id}"]`);
    if ((await node.getAttribute('role')) === 'alert') return (await node.innerText()).trim();
  }
  return '';
}

/**
 * Presses Tab until the focused element is the one named `name` (its label, or
 * a button's text), as a keyboard user moves through the page; fails after
 * `limit` presses.
 */
export async function tabTo(page: Page, name: string | RegExp, limit = 80): Promise<void> {
  const matches = (text: string) =>
    typeof name === 'string' ? text.trim() === name : name.test(text.trim());
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>(`(() => {
      const el = document.activeElement;
      if (!el) return '';
      const label = el.labels && el.labels[0] ? el.labels[0].textContent : '';
      return label || el.getAttribute('aria-label') || el.textContent || '';
    })()`);
    if (matches(focused)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}
