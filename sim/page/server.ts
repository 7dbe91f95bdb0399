import { createReadStream, statSync } from 'fs';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

/**
 * The page server, on 127.0.0.1 only: the agent page, the page bundle (Flex and the host) and
 * the plugin bundle exactly as `npm run build` made it. Files are served as they are on disk at
 * each request, with caching allowed for the life of one context (reloads reuse what they got).
 */
export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

const AGENT_PAGE = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>Flex</title></head>
  <body>
    <div id="root"></div>
    <script src="/page/host.js"></script>
  </body>
</html>
`;

export async function startPageServer(files: { hostBundle: string; pluginBundle: string; pluginPath: string }): Promise<PageServer> {
  const routes = new Map<string, string>([
    ['/page/host.js', files.hostBundle],
    [files.pluginPath, files.pluginBundle],
  ]);
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/agent.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(AGENT_PAGE);
      return;
    }
    const file = routes.get(path);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/javascript; charset=utf-8',
      'content-length': String(statSync(file).size),
      'cache-control': 'max-age=3600',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
