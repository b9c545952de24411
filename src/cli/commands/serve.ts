import { openApp } from '../../bootstrap';
import { ConfigError, loadConfig } from '../../config';
import { buildServer } from '../../server';
import { CliError } from '../cli-error';

export async function run(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 2);
    throw err;
  }
  const started = Date.now();
  const ctx = await openApp(config);
  const app = await buildServer(ctx);
  const address = await app.listen({ port: config.port, host: config.host });
  process.stdout.write(
    `ChiSo đang chạy tại ${address.replace('127.0.0.1', 'localhost')} (cơ sở dữ liệu: ${ctx.database.kind === 'embedded' ? `nhúng, ${config.dataDir}` : 'PostgreSQL'}; khởi động ${Date.now() - started} ms)\n`,
  );
  const stop = async () => {
    await app.close();
    await ctx.database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}
