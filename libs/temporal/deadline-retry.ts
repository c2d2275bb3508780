import {
  type ConnectionOptions,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/**
 * The SDK's retries of failed gRPC calls (backoff on an unreachable server),
 * but never past the call's deadline: a call the caller has given up on
 * leaves no retry behind. The SDK's own interceptor keeps retrying for about
 * twenty seconds whatever the deadline, so an API answering "Temporal is
 * unreachable" would still hold a retry timer, which throws if the connection
 * closes meanwhile (a shutdown during an outage).
 */
export function deadlineBoundRetry(): Interceptor {
  const defaults = defaultGrpcRetryOptions();
  return (options, nextCall) => {
    const deadline = options.deadline === undefined ? Infinity : Number(options.deadline);
    // The decider runs just before the delay is asked for: it picks the delay (jitter included).
    let delay = 0;
    return makeGrpcRetryInterceptor({
      retryableDecider: (attempt, status) => {
        if (!defaults.retryableDecider(attempt, status)) return false;
        delay = defaults.delayFunction(attempt, status);
        return Date.now() + delay < deadline;
      },
      delayFunction: () => delay,
    })(options, nextCall);
  };
}
