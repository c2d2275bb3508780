import { Runtime } from '@temporalio/worker';
import { redactingLogger } from '@app/temporal';

// Workers in tests log warnings and errors only; state changes would bury the test output.
Runtime.install({ logger: redactingLogger('WARN'), shutdownSignals: [] });
