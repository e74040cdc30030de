"use client";
// The one debounce behind every list's search box: the box answers each keystroke, the URL (and so
// the server's query) follows once typing pauses.
import { useEffect, useRef, useState } from "react";

/**
 * The box's text and its change handler. `commit` gets the trimmed text `delayMs` after the last
 * keystroke; a keystroke before then restarts the wait, and leaving the page cancels it.
 */
export function useDebouncedSearch(initial: string, commit: (text: string) => void, delayMs = 300) {
  const [text, setText] = useState(initial);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  function onChange(next: string) {
    setText(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => commit(next.trim()), delayMs);
  }

  return [text, onChange] as const;
}
