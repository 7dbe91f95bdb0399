/**
 * @jest-environment node
 */
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../sim/page/chromium';
import { startPlayground, type Playground } from '../../sim/playground/server';
import { BROWSER_TEST_TIMEOUT } from './support';

// The playground as a person uses it: the console in one tab, each agent's Flex tab in a browser
// context of its own (its own storage), all on real time.
// The README's screenshots are taken here: into docs/ when UPDATE_SCREENSHOTS=1, else into the
// system's temporary folder (a test run leaves the checkout as it found it).
const DOCS = process.env.UPDATE_SCREENSHOTS === '1' ? join(__dirname, '../../docs') : tmpdir();

let browser: Browser;
let playground: Playground;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
}, 60_000);

beforeEach(async () => {
  playground = await startPlayground({ port: 0 });
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  await playground?.close();
}, 60_000);

async function newPage(width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  contexts.push(context);
  return context.newPage();
}

async function openConsole(): Promise<Page> {
  const page = await newPage(1400, 1000);
  await page.goto(playground.url);
  await page.locator('#connection.on').waitFor();
  return page;
}

/** An agent's tab, up once the console lists it as open. */
async function openAgent(console: Page, agent: string): Promise<Page> {
  const page = await newPage(1000, 720);
  await page.goto(playground.agentUrl(agent));
  await console.locator(`#agents tr[data-agent="${agent}"] .status.open`).waitFor({ timeout: 60_000 });
  return page;
}

async function consoleStep(console: Page, button: string): Promise<void> {
  await console.locator(button).click();
}

/** The console rings the agent; the agent accepts in their tab. */
async function takeCall(console: Page, agentPage: Page, agent: string): Promise<void> {
  await console.selectOption('#inbound [name=agent]', agent);
  await console.click('#inbound button[type=submit]');
  await agentPage.locator('button[data-action=accept]').click();
  await agentPage.locator('[data-status=accepted]').waitFor();
}

const segmentRow = (console: Page, agent: string) => console.locator('#segments tbody tr', { hasText: agent }).first();

describe('the playground', () => {
  it(
    'the console plays a scenario file and shows its segment',
    async () => {
      const console = await openConsole();
      await console.selectOption('#files', 'customer/customer-hangs-up-label-policy-unaffected.json');
      await console.click('#load button[type=submit]');
      await console.locator('#message.ok').waitFor();
      await openAgent(console, 'alice');
      await console.click('#play');
      await segmentRow(console, 'alice').locator('.v-customer').waitFor({ timeout: 60_000 });
      await console.locator('#segments .verdict-pass').waitFor({ timeout: 30_000 });
      expect(await segmentRow(console, 'alice').innerText()).toContain('Customer');
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'an agent tab takes a call, the console hangs the customer up: the segment shows Customer',
    async () => {
      const console = await openConsole();
      const alice = await openAgent(console, 'alice');
      await takeCall(console, alice, 'alice');
      await console.locator('#calls .party', { hasText: 'agent alice' }).waitFor();
      await consoleStep(console, '#oncall [data-step=customerHangup]');
      await alice.locator('[data-status=wrapping]').waitFor();
      await alice.locator('button[data-action=complete]').click();
      await segmentRow(console, 'alice').locator('.v-customer').waitFor({ timeout: 30_000 });
      // The plugin's own story reached the console.
      await console.locator('.agent-state[data-agent=alice] .actions').waitFor();

      // For the pictures: a second call the customer ended (alice wraps it up, the value decided),
      // and a third one live (every control).
      await takeCall(console, alice, 'alice');
      await console.locator('#oncall [name=call] option[value=c2]').waitFor({ state: 'attached' });
      await console.selectOption('#oncall [name=call]', 'c2');
      await consoleStep(console, '#oncall [data-step=customerHangup]');
      await alice.locator('[data-status=wrapping]').waitFor();
      await takeCall(console, alice, 'alice');
      await console.locator('.agent-state[data-agent=alice] .v-customer').first().waitFor();
      await alice.waitForTimeout(500);
      await alice.screenshot({ path: join(DOCS, 'playground-agent.png'), fullPage: true });
      await console.waitForTimeout(500);
      await console.screenshot({ path: join(DOCS, 'playground-console.png'), fullPage: true });
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'an agent tab reloads mid-call: the segment shows Agent-System-Issue',
    async () => {
      const console = await openConsole();
      const alice = await openAgent(console, 'alice');
      await takeCall(console, alice, 'alice');
      await alice.reload();
      await alice.locator('[data-status=wrapping]').waitFor({ timeout: 60_000 });
      await alice.locator('button[data-action=complete]').click();
      await segmentRow(console, 'alice').locator('.v-system').waitFor({ timeout: 30_000 });
      expect(await segmentRow(console, 'alice').innerText()).toContain('Agent-System-Issue');
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'a warm transfer between two agent tabs: the transferring agent has no value (policy clear), the last one Customer',
    async () => {
      const console = await openConsole();
      const alice = await openAgent(console, 'alice');
      const bob = await openAgent(console, 'bob');
      await takeCall(console, alice, 'alice');
      await alice.selectOption('[data-field=target]', 'bob');
      await alice.click('button[data-action=transferWarm]');
      await bob.locator('button[data-action=accept]').click();
      await bob.locator('[data-status=accepted]').waitFor();
      await alice.click('button[data-action=hangup]');
      await alice.locator('button[data-action=complete]').click();
      await consoleStep(console, '#oncall [data-step=customerHangup]');
      await bob.locator('button[data-action=complete]').click();
      await segmentRow(console, 'bob').locator('.v-customer').waitFor({ timeout: 30_000 });
      expect(await segmentRow(console, 'alice').innerText()).toContain('null');
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    "an agent rejects an offer with the tab's Reject (Flex's RejectTask): no segment for it; the next offer is taken",
    async () => {
      const console = await openConsole();
      const alice = await openAgent(console, 'alice');
      await console.selectOption('#inbound [name=agent]', 'alice');
      await console.click('#inbound button[type=submit]');
      await alice.locator('button[data-action=reject]').click();
      await alice.locator('text=Reject (RejectTask): done').waitFor();
      await alice.locator('[data-status=pending]').waitFor({ state: 'detached' });
      await takeCall(console, alice, 'alice');
      await consoleStep(console, '#oncall [data-step=customerHangup]');
      await alice.locator('button[data-action=complete]').click();
      await segmentRow(console, 'alice').locator('.v-customer').waitFor({ timeout: 30_000 });
      expect(await console.locator('#segments tbody tr').count()).toBe(1);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'bad input gets a message: a file that is not JSON, a step for an agent with no tab',
    async () => {
      const console = await openConsole();
      await console.setInputFiles('#upload', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{ "name": "broken", ') });
      await console.locator('#message:not(.ok)', { hasText: 'not JSON' }).waitFor();
      expect(await console.locator('#message').innerText()).toContain('broken.json');

      await console.selectOption('#outbound [name=agent]', 'bob');
      await console.click('#outbound button[type=submit]');
      const message = console.locator('#message:not(.ok)', { hasText: 'bob has no tab' });
      await message.waitFor();
      expect(await message.innerText()).toContain(playground.agentUrl('bob'));
    },
    BROWSER_TEST_TIMEOUT,
  );
});
