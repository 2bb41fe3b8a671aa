// `npm run district-service -- serve`: the service until SIGINT or SIGTERM, with the bureau's
// pages, on the options the operator gave.
import {
  databaseUrl,
  Failure,
  keyring,
  parse,
  redact,
  UsageError,
  type CliOutput,
  type Env,
} from './cli-options';

export async function serve(args: string[], env: Env, output: CliOutput): Promise<number> {
  const values = parse(args, ['port', 'host', 'base-path', 'public-url', 'cert', 'key']);
  const url = databaseUrl(values.database, env);
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (values.port !== undefined && (!/^\d+$/.test(values.port) || port > 65535)) {
    throw new UsageError('Give --port as a whole number from 0 to 65535.');
  }
  const basePath = values['base-path'] ?? '';
  if (basePath !== '' && !/^\/[^?#\s]*[^/?#\s]$/.test(basePath)) {
    throw new UsageError('Give --base-path as /segment[/segment…], without a trailing slash.');
  }
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined && !/^https?:\/\/[^/?#\s]+(\/[^?#\s]*[^/?#\s])?$/.test(publicUrl)) {
    throw new UsageError(
      'Give --public-url as the address kiosks reach this service at, e.g. ' +
        'https://edu.example.gov.cn/gate (no trailing slash).',
    );
  }
  if ((values.cert === undefined) !== (values.key === undefined)) {
    throw new UsageError('Give --cert and --key together (PEM files for HTTPS), or neither.');
  }
  const keys = keyring(values['key-file'], env);
  let tls: { cert: Buffer; key: Buffer } | undefined;
  if (values.cert !== undefined && values.key !== undefined) {
    const { readFileSync } = await import('node:fs');
    const read = (file: string, option: string) => {
      try {
        return readFileSync(file);
      } catch (error) {
        throw new Failure(
          `Cannot read the file given as ${option}, ${file}: ${(error as Error).message}`,
        );
      }
    };
    tls = { cert: read(values.cert, '--cert'), key: read(values.key, '--key') };
  }
  // React renders the pages with its production build unless told otherwise: the development
  // build checks every element as it renders, which a service answering a district does not need.
  process.env.NODE_ENV ??= 'production';
  // Loaded only here: the register's commands need neither the server nor the bureau's pages.
  const { startDistrictService } = await import('./server');
  const { createBureau } = await import('../bureau/bureau');
  let service: Awaited<ReturnType<typeof startDistrictService>>;
  try {
    service = await startDistrictService({
      databaseUrl: url,
      keyring: keys,
      port,
      host: values.host ?? '127.0.0.1',
      basePath,
      publicUrl,
      tls,
      bureau: createBureau,
    });
  } catch (error) {
    throw new Failure(
      `Cannot start the district service (database ${redact(url)}): ${(error as Error).message}`,
    );
  }
  output.out(
    [
      `District service listening on ${service.url} (key ${keys.keyId})`,
      `  the kiosks' district url:  ${publicUrl ?? service.uploadUrl}`,
      `  the bureau's pages:        ${service.url}/bureau/`,
    ].join('\n'),
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await service.close();
  output.out(`District service stopped (${signal}).`);
  return 0;
}
