import { useCallback, useEffect, useRef, useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

/** Copies text with the asynchronous Clipboard API; the state returns to idle after `resetMs`. */
export function useClipboard(resetMs = 2_000): {
  state: CopyState;
  copy(text: string): Promise<void>;
} {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = useCallback(
    async (text: string) => {
      let next: CopyState = 'failed';
      try {
        if (navigator.clipboard) {
          await navigator.clipboard.writeText(text);
          next = 'copied';
        }
      } catch {
        // Denied by the browser (no focus, no permission): say so next to the button.
      }
      setState(next);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setState('idle'), resetMs);
    },
    [resetMs],
  );
  return { state, copy };
}
