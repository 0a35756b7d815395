export {
  loadConfig,
  readConfigFile,
  validateConfig,
  applyEnvOverrides,
  ENV_PREFIX,
  CONFIG_FILE_ENV,
} from './load.js';
export { configSchema, type Config, type ConfigInput, type MailboxConfig } from './schema.js';
