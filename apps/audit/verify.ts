import { runAuditVerification } from './verification';

/**
 * `npm run audit:verify`: checks every chain of the audit log and its latest
 * anchor, prints one line, and exits 0 (intact), 1 (broken: the first broken
 * link is named) or 2 (not checked: the reason is given).
 */
runAuditVerification().then(
  ({ exitCode, line }) => {
    (exitCode === 2 ? console.error : console.log)(line);
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(
      `audit log not checked: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 2;
  },
);
