import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { join, relative, resolve, sep } from 'path';
import { ensureBundles, HOST_BUNDLE, PLUGIN_BUNDLE, ROOT } from '../page/bundles';
import type { NodeRequest } from '../page/protocol';
import type { Scenario, Step } from '../scenario';
import { exampleConfig, LiveCenter } from './center';
import type { EventStream, PageReportBody } from './liveTab';
import { parseScenario, Player, stepProblems } from './player';
import { snapshot } from './snapshot';

/**
 * The playground's web server: the console (`/`), each agent's Flex tab (`/agent.html?agent=…`,
 * the browser engine's page bundle with the HTTP transport), the bundles, and the API the pages
 * and the console use. One live contact center at a time (Reset makes a new one).
 */
export interface PlaygroundOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Agents logged in from the start (their tab links are printed and shown). */
  agents?: string[];
  /** Progress lines while building the bundles. */
  progress?: (line: string) => void;
  /** Where scenario files are listed from (default: the repository's scenarios/). */
  scenariosDir?: string;
}

export interface Playground {
  url: string;
  port: number;
  agents: string[];
  agentUrl(agent: string): string;
  close(): Promise<void>;
}

const PLUGIN_PATH = '/plugins/plugin-hang-up-by.js';
const STATIC_DIR = join(__dirname, 'console');
const STATIC: Record<string, [string, string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/console.css': ['console.css', 'text/css; charset=utf-8'],
  '/console.js': ['console.js', 'application/javascript; charset=utf-8'],
};
const NAME = /^[A-Za-z0-9_-]{1,40}$/;
const MAX_BODY = 1_000_000;
const SNAPSHOT_MS = 150;

const agentPage = (agent: string) => `<!doctype html>
<html>
  <head>
    <meta charset="utf-8">
    <meta name="hang-up-by-transport" content="http">
    <title>Flex · ${agent}</title>
  </head>
  <body style="margin:0;background:#f6f7fb">
    <div id="root"></div>
    <script src="/page/host.js"></script>
  </body>
</html>
`;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An agent's name as the playground takes it, or a 400 that says what a name is. */
function checkName(name: string): string {
  if (!name) throw new HttpError(400, 'name the agent: /agent.html?agent=alice');
  if (!NAME.test(name)) throw new HttpError(400, `"${name}" is not an agent name: letters, digits, - and _ only`);
  return name;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'the request is too large (1 MB at most)'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(request);
  try {
    const value = JSON.parse(text || '{}') as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'the request body is not a JSON object');
  }
}

/** An open Server-Sent Events response. */
function openStream(request: IncomingMessage, response: ServerResponse, onClose: () => void): EventStream {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  response.flushHeaders();
  let open = true;
  const heartbeat = setInterval(() => open && response.write(': keep-alive\n\n'), 15_000);
  const closed = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    onClose();
  };
  request.on('close', closed);
  response.on('close', closed);
  return {
    send(event, data) {
      if (open) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (!open) return;
      response.end();
      closed();
    },
  };
}

function listScenarios(dir: string): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.json')) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) visit(dir);
  return out;
}

/** The agents a scenario names (their tabs are listed from the start, ready to open). */
function agentsOf(scenario: Scenario | null): string[] {
  const names = (scenario?.steps ?? []).flatMap((step) => [step.agent, step.do === 'transfer' ? step.to : undefined]);
  return names.filter((name): name is string => typeof name === 'string' && NAME.test(name));
}

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  await ensureBundles(options.progress);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const scenariosDir = options.scenariosDir ?? join(ROOT, 'scenarios');
  const agents = options.agents ?? ['alice', 'bob', 'carol'];
  const config = exampleConfig();
  let base = '';
  const agentUrl = (agent: string) => `${base}/agent.html?agent=${encodeURIComponent(agent)}`;

  // A loaded scenario's settings (its config over the example's, its initial attributes, its
  // Worker) apply to the contact center made when it is loaded and at each Reset.
  const newCenter = (scenario: Scenario | null = null) =>
    new LiveCenter({
      config: scenario?.config ? { ...((config as object | undefined) ?? {}), ...scenario.config } : config,
      initialAttributes: scenario?.initialAttributes,
      versionCheck: scenario?.taskRouter?.versionCheck,
      agents: [...new Set([...agents, ...agentsOf(scenario)])],
      agentUrl,
      plugin: { url: PLUGIN_PATH, name: pkg.name, version: pkg.version },
    });
  let center = newCenter();
  const player = new Player((step) => center.run(step));
  const consoles = new Set<EventStream>();
  let last = '';

  const publish = (force = false) => {
    if (consoles.size === 0) return;
    const body = JSON.stringify(snapshot(center, player.view(), agentUrl));
    if (!force && body === last) return;
    last = body;
    for (const stream of consoles) stream.send('snapshot', JSON.parse(body));
  };
  const publisher = setInterval(() => publish(), SNAPSHOT_MS);

  const reset = async () => {
    const old = center;
    center = newCenter(player.loaded);
    player.rewind();
    await old.stop(true);
    publish(true);
  };

  const tabApi = async (request: IncomingMessage, response: ServerResponse, name: string, what: string) => {
    const tab = center.tab(checkName(name));
    if (what === 'events' && request.method === 'GET') {
      let id = '';
      const stream = openStream(request, response, () => tab.detach(id));
      id = tab.attach(stream);
      return;
    }
    if (request.method !== 'POST') throw new HttpError(405, 'POST only');
    const connection = request.headers['x-hang-up-by-connection'];
    if (!tab.isCurrent(typeof connection === 'string' ? connection : undefined)) {
      throw new HttpError(409, `this page is no longer ${name}'s tab (another one took over, or the playground was reset): reload it`);
    }
    const body = await readJson(request);
    switch (what) {
      case 'ask':
        sendJson(response, 200, await tab.ask(body as unknown as NodeRequest));
        return;
      case 'invoked':
        tab.invoked(Number(body.id), body.error as { name: string; message: string } | undefined);
        sendJson(response, 200, {});
        return;
      case 'report':
        tab.reported(body as PageReportBody);
        sendJson(response, 200, {});
        return;
      default:
        throw new HttpError(404, `no such tab API: ${what}`);
    }
  };

  const api = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    const tabRoute = /^\/api\/tabs\/([^/]+)\/([a-z]+)$/.exec(path);
    if (tabRoute) return tabApi(request, response, decodeURIComponent(tabRoute[1]), tabRoute[2]);
    if (path === '/api/state/events' && request.method === 'GET') {
      const stream = openStream(request, response, () => consoles.delete(stream));
      consoles.add(stream);
      stream.send('snapshot', snapshot(center, player.view(), agentUrl));
      return;
    }
    if (path === '/api/state' && request.method === 'GET') return sendJson(response, 200, snapshot(center, player.view(), agentUrl));
    if (path === '/api/agents' && request.method === 'GET') return sendJson(response, 200, { agents: [...center.tabs.keys()] });
    if (path === '/api/scenarios' && request.method === 'GET') return sendJson(response, 200, { files: listScenarios(scenariosDir) });
    if (request.method !== 'POST') throw new HttpError(405, 'POST only');
    const body = await readJson(request);
    switch (path) {
      case '/api/step': {
        const problems = stepProblems(body.step);
        if (problems.length > 0) throw new HttpError(400, `bad step: ${problems.join('; ')}`);
        try {
          await center.run(body.step as Step);
        } catch (error) {
          throw new HttpError(409, error instanceof Error ? error.message : String(error));
        }
        publish(true);
        return sendJson(response, 200, { ok: true });
      }
      case '/api/scenario': {
        let text: string;
        let file: string | null = null;
        if (typeof body.file === 'string') {
          const full = resolve(scenariosDir, body.file);
          if (!full.startsWith(resolve(scenariosDir) + sep) || !existsSync(full) || !statSync(full).isFile()) {
            throw new HttpError(400, `no scenario file "${body.file}" in scenarios/`);
          }
          text = readFileSync(full, 'utf8');
          file = body.file;
        } else if (typeof body.text === 'string') {
          text = body.text;
          file = typeof body.name === 'string' ? body.name : 'uploaded file';
        } else {
          throw new HttpError(400, 'give "file" (a path under scenarios/) or "text" (the file\'s content)');
        }
        const parsed = parseScenario(text);
        if ('problems' in parsed) throw new HttpError(400, `${file}: ${parsed.problems.join('; ')}`);
        player.load(parsed.scenario, file);
        await reset();
        return sendJson(response, 200, { ok: true, name: parsed.scenario.name, steps: parsed.scenario.steps.length });
      }
      case '/api/player/step': {
        if (!player.loaded) throw new HttpError(400, 'no scenario loaded: pick a file or upload one');
        await player.step();
        publish(true);
        const error = player.view().error;
        return error ? sendJson(response, 409, { error }) : sendJson(response, 200, { ok: true });
      }
      case '/api/player/play': {
        if (!player.loaded) throw new HttpError(400, 'no scenario loaded: pick a file or upload one');
        void player.playToEnd().then(() => publish(true));
        return sendJson(response, 202, { ok: true });
      }
      case '/api/reset':
        await reset();
        return sendJson(response, 200, { ok: true });
      default:
        throw new HttpError(404, `no such API: ${path}`);
    }
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const handle = async () => {
      if (path.startsWith('/api/')) return api(request, response, path);
      if (path === '/agent.html') {
        const agent = checkName(url.searchParams.get('agent') ?? '');
        center.tab(agent);
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(agentPage(agent));
        return;
      }
      const file = path === '/page/host.js' ? HOST_BUNDLE : path === PLUGIN_PATH ? PLUGIN_BUNDLE : STATIC[path] ? join(STATIC_DIR, STATIC[path][0]) : null;
      if (!file) throw new HttpError(404, `not found: ${path}`);
      const type = STATIC[path]?.[1] ?? 'application/javascript; charset=utf-8';
      const stat = statSync(file);
      // Revalidated on every load (a rebuilt bundle is picked up), but the 33 MB page bundle is
      // not sent again while it is unchanged.
      const modified = new Date(Math.floor(stat.mtimeMs / 1000) * 1000).toUTCString();
      if (request.headers['if-modified-since'] === modified) {
        response.writeHead(304, { 'last-modified': modified, 'cache-control': 'no-cache' });
        response.end();
        return;
      }
      response.writeHead(200, { 'content-type': type, 'content-length': String(stat.size), 'cache-control': 'no-cache', 'last-modified': modified });
      createReadStream(file).pipe(response);
    };
    handle().catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (response.headersSent) {
        response.end();
        return;
      }
      if (path.startsWith('/api/')) sendJson(response, status, { error: message });
      else {
        response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(`${message}\n`);
      }
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://localhost:${port}`;

  return {
    url: `${base}/`,
    port,
    agents,
    agentUrl,
    close: async () => {
      clearInterval(publisher);
      for (const stream of consoles) stream.end();
      await center.stop();
      await new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      });
    },
  };
}
