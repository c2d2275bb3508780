import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers in tests log warnings and errors only; state changes would bury the test output.
Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
