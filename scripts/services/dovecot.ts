import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { MailAccount } from './accounts.js';
import { AGENCY_DOMAIN } from './accounts.js';
import {
  ensureBinary,
  freePort,
  isRoot,
  portAccepts,
  spawnDetached,
  waitFor,
  which,
} from './process-tools.js';

const DOVECOT_PROTOCOL_BINARIES = ['/usr/lib/dovecot/imap', '/usr/lib/dovecot/lmtp'];

export interface DovecotState {
  host: string;
  imapPort: number;
  lmtpPort: number;
  pid: number;
  accounts: MailAccount[];
}

function userIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
  return { uid, gid };
}

/**
 * Dovecot from Debian with a project-local configuration: loopback only, plaintext login (no TLS
 * on loopback), Maildirs under the data directory owned by the `mail` user, IMAP and LMTP on
 * free ports. Dovecot refuses to run its login processes as root, so it uses the users its
 * package creates (dovenull, dovecot) and stores mail as `mail`.
 */
export async function dovecotUp(dir: string, accounts: MailAccount[]): Promise<DovecotState> {
  if (!isRoot())
    throw new Error(
      'the project-local Dovecot needs root (it switches to the dovecot, dovenull and mail users)',
    );
  // The IMAP and LMTP protocol binaries come in separate packages from the dovecot master.
  const binary = ensureBinary(
    () => (DOVECOT_PROTOCOL_BINARIES.every((p) => existsSync(p)) ? which('dovecot') : undefined),
    ['dovecot-imapd', 'dovecot-lmtpd'],
  );
  const mail = userIds('mail');
  const runDir = join(dir, 'run');
  const mailDir = join(dir, 'mail');
  for (const d of [dir, runDir, mailDir]) mkdirSync(d, { recursive: true });
  chmodSync(dir, 0o755);
  chownSync(mailDir, mail.uid, mail.gid);
  const [imapPort, lmtpPort] = [await freePort(), await freePort()];
  const users = join(dir, 'users');
  writeFileSync(users, accounts.map((a) => `${a.address}:{PLAIN}${a.password}::::::\n`).join(''), {
    mode: 0o640,
  });
  chownSync(users, 0, userIds('dovecot').gid);
  const log = join(dir, 'dovecot.log');
  const conf = join(dir, 'dovecot.conf');
  // A distinct instance name keeps this Dovecot apart from any system one on the same machine.
  const instance = `intake-${createHash('sha256').update(dir).digest('hex').slice(0, 8)}`;
  writeFileSync(
    conf,
    `# Written by scripts/services: a throw-away local Dovecot for tests and the demo.
instance_name = ${instance}
base_dir = ${runDir}
state_dir = ${join(dir, 'state')}
listen = 127.0.0.1
protocols = imap lmtp
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Lu
log_path = ${log}
mail_location = maildir:${mailDir}/%d/%n
mail_uid = ${mail.uid}
mail_gid = ${mail.gid}
first_valid_uid = ${mail.uid}
last_valid_uid = ${mail.uid}
first_valid_gid = ${mail.gid}
default_login_user = dovenull
default_internal_user = dovecot
mail_max_userip_connections = 100
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%Lu ${users}
}
userdb {
  driver = static
  args = uid=${mail.uid} gid=${mail.gid} home=${mailDir}/%d/%n
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Processed {
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${lmtpPort}
  }
}
protocol lmtp {
  postmaster_address = postmaster@${AGENCY_DOMAIN}
}
`,
  );
  const pid = spawnDetached(binary, ['-F', '-c', conf], join(dir, 'dovecot.stdout.log'));
  await waitFor(
    'dovecot',
    async () => (await portAccepts(imapPort)) && (await portAccepts(lmtpPort)),
    undefined,
    log,
  );
  return { host: '127.0.0.1', imapPort, lmtpPort, pid, accounts };
}
