import type { ReactNode } from 'react';
import { Badge, type Tone } from '../../components/ui';

/** One line of a duty's state: a badge (word and colour) then what it means, in a sentence. */
export function StateLine({
  tone,
  word,
  children,
}: {
  tone: Tone;
  word: string;
  children: ReactNode;
}) {
  return (
    <li className="pathway-state">
      <Badge tone={tone}>{word}</Badge>
      <div className="pathway-state-text">{children}</div>
    </li>
  );
}
