import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs`; for "N s ago" labels that must keep counting. */
export function useNow(intervalMs = 1_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
