import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** poppler-utils, as Debian installs it. */
const PDFTOTEXT = '/usr/bin/pdftotext';

/** A temporary directory for the PDFs pdftotext reads; `close` removes it. */
export async function pdfTextReader(): Promise<{
  text: (pdf: Uint8Array) => Promise<string>;
  close: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'letters-'));
  let count = 0;
  return {
    /** The PDF's text as pdftotext reads it, with every run of white space made one space. */
    async text(pdf) {
      count += 1;
      const file = join(dir, `letter-${count}.pdf`);
      await writeFile(file, pdf);
      const { stdout } = await run(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], {
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout.replace(/\s+/g, ' ');
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
