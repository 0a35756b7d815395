import { main } from './main.js';

// Only a non-zero status ends the process here: `serve` keeps running after main resolves.
const status = await main(process.argv.slice(2));
if (status !== 0) process.exit(status);
