import { ErrorBanner } from '../../components/ui';
import { frenchError } from './french';

/** ErrorBanner, with the API's refusal put in French (see french.ts). */
export function ProblemBanner({ error }: { error: unknown }) {
  return <ErrorBanner error={frenchError(error)} />;
}
