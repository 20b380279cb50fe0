/**
 * `tickbench serve [--port P]`: the workbench in a browser tab. Serves the renderer build
 * and the WebSocket transport on 127.0.0.1 only, prints the tokened URL, and runs until SIGINT or
 * SIGTERM. Node only (no 'electron' import): it is part of the CLI bundle.
 */
import { intOption } from '../../../engine/cli/node/args';
import { writeJson, type Command, type CommandContext } from '../../../engine/cli/node/command';
import { createRouter } from '../router';
import { createEngineServices } from '../services/engine-services';
import type { LakePort } from '../services/lake-port';
import { startBrowserServer } from './browser-server';

export interface ServeCommandOptions {
  /** Default folder of the renderer build (`--renderer` overrides). */
  readonly rendererDir: string;
  readonly appVersion: string;
  /** Opens the command's workspace lake (the CLI's rule decides about demo data). */
  readonly openLake: (ctx: CommandContext) => Promise<LakePort>;
}

/** Resolves when the signal aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else
      signal.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
  });
}

export function createServeCommand(options: ServeCommandOptions): Command {
  return {
    name: 'serve',
    summary: 'the workbench UI in a browser, on 127.0.0.1 only, guarded by a per-launch token',
    usage: 'serve [--port P] [--renderer DIR]',
    options: {
      port: { kind: 'string', help: 'TCP port on 127.0.0.1 (default 0: any free port)' },
      renderer: { kind: 'string', help: 'folder of the renderer build (default: dist/renderer)' },
    },
    async run(args, ctx) {
      const port = intOption(args, 'port', 0, 0, 65_535);
      const services = createEngineServices({
        workspace: ctx.workspace,
        host: 'browser',
        appVersion: options.appVersion,
        openLake: () => options.openLake(ctx),
      });
      try {
        const server = await startBrowserServer({
          rendererDir: args.strings.get('renderer') ?? options.rendererDir,
          port,
          router: createRouter(services.api),
          hub: services.hub,
        });
        if (ctx.json) writeJson(ctx, { url: server.url, port: server.port, workspace: ctx.workspace });
        else {
          ctx.stdout.write(`Tickbench is serving ${server.url}\n`);
          ctx.stdout.write(`workspace ${ctx.workspace}; 127.0.0.1 only; press Ctrl+C to stop\n`);
        }
        await aborted(ctx.signal);
        await server.close();
        return 0;
      } finally {
        await services.close();
      }
    },
  };
}
