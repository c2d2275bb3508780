/**
 * A start-up failure whose cause is known: its message is one sentence for the
 * person who typed `npm start`, saying what went wrong and what to do. The
 * launcher prints it alone; any other error is a bug and keeps its stack.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}
