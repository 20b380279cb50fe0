// Renders build/icons/icon.svg to the 1024×1024 icon.png electron-builder turns into the
// platform icons (.icns, .ico, Linux sizes). Run once after changing the SVG:
//   node build/icons/render-icon.mjs
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(join(here, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.TICKBENCH_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg width="1024" height="1024" ')}</body></html>`,
  );
  await page.screenshot({ path: join(here, 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
