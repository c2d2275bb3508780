import { ensureDovecot } from '../../libs/mss/sandbox/dovecot';

/**
 * `npm run dovecot:install`: finds Dovecot (the IMAP server of the MSSanté
 * operator sandbox), or installs it with apt-get when running as root (CI,
 * containers), ahead of the first `npm start` or test run.
 */
async function main(): Promise<void> {
  const path = await ensureDovecot({ log: (line) => console.log(line) });
  console.log(`Dovecot: ${path}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
