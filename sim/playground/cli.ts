import { spawn } from 'child_process';
import { startPlayground } from './server';

const USAGE = 'usage: npm start -- [--port <n>] [--open]   (PORT=<n> also sets the port; default 3000)';

interface Args {
  port: number;
  open: boolean;
}

function parse(argv: string[]): Args | string {
  let port = process.env.PORT ? Number(process.env.PORT) : 3000;
  let open = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--open') open = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      port = Number(value);
      if (value === undefined || value === '') return '--port needs a number';
    } else return `unknown option: ${arg}`;
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) return `not a port: ${port}`;
  return { port, open };
}

/** Opens the console in the person's browser; failing is only a message. */
function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`could not open a browser (${command}): open ${url} yourself\n`));
    child.unref();
  } catch {
    process.stderr.write(`could not open a browser (${command}): open ${url} yourself\n`);
  }
}

/**
 * `npm start`: builds what is missing, serves the playground (the console and each agent's Flex
 * tab) until SIGINT or SIGTERM, then closes every stream and exits 0.
 */
async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${USAGE}\n`);
    return 2;
  }
  const playground = await startPlayground({ port: args.port, progress: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`Playground: ${playground.url}\n`);
  for (const agent of playground.agents) process.stdout.write(`  ${agent.padEnd(8)} ${playground.agentUrl(agent)}\n`);
  process.stdout.write('Ctrl-C stops it.\n');
  if (args.open) openBrowser(playground.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('stopping…\n');
  await playground.close();
  return 0;
}

main(process.argv.slice(2)).then(
  // Flex's timers (none here) or a socket left open must not keep the process: exit explicitly.
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${(error as { code?: string })?.code === 'EADDRINUSE' ? `the port is in use (${message}): set PORT or --port` : message}\n`);
    process.exit(1);
  },
);
