import { loadConfig } from '../../config/index.js';

/** Validates the configuration exactly as start-up does; throws the same one-line error. */
export function configCheck(file: string | undefined): string {
  const config = loadConfig({ file });
  const database = config.database.url === undefined ? 'embedded PGlite' : 'PostgreSQL';
  return `config OK${file ? ` (${file})` : ' (defaults and environment)'}: ${config.mailboxes.length} mailbox(es), database ${database}, web ${config.web.host}:${config.web.port}`;
}
