import { locateTemporalCli } from '@app/temporal';

/**
 * `npm run temporal:install`: finds the Temporal CLI, or builds it with Go into
 * the user cache, ahead of the first `npm start` or test run (CI does this).
 */
async function main(): Promise<void> {
  const cli = await locateTemporalCli({
    configuredPath: process.env.TEMPORAL_CLI_PATH,
    log: (line) => console.log(line),
  });
  if (!cli) {
    console.log(
      'No Temporal CLI and no Go toolchain found; `npm start` will let the Temporal SDK download one.',
    );
    return;
  }
  console.log(`Temporal CLI: ${cli.path} (${cli.source})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
