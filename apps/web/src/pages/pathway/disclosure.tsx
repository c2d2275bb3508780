import { useId, useRef, useState, type ReactNode } from 'react';

/**
 * A button that opens a small form under it. An action is then two steps —
 * open, fill in, confirm — so nothing happens on a stray click. Closing puts
 * the focus back on the button (keyboard users stay where they were).
 */
export function Disclosure({
  label,
  danger = false,
  initiallyOpen = false,
  children,
}: {
  label: string;
  danger?: boolean;
  initiallyOpen?: boolean;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="disclosure">
      <button
        ref={button}
        type="button"
        className={`button${danger ? ' button--danger' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      <div id={panelId} className="disclosure-panel" hidden={!open}>
        {open ? children(close) : null}
      </div>
    </div>
  );
}
