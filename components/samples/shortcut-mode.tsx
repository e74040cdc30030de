"use client";
// Triage's keyboard shortcuts (j, k, 1–9, y, n, t, ?) are single printable keys, which a speech
// input user can set off by saying a word (WCAG 2.1.4 Character Key Shortcuts). Each person chooses,
// per browser: single keys, the same keys with Alt, or none (every shortcut has its button).
import { useSyncExternalStore } from "react";

export type TShortcutMode = "keys" | "alt" | "off";
const KEY = "casebook.triage-shortcuts";
const MODES: TShortcutMode[] = ["keys", "alt", "off"];
const listeners = new Set<() => void>();

function read(): TShortcutMode {
  const v = typeof window === "undefined" ? null : window.localStorage.getItem(KEY);
  return MODES.includes(v as TShortcutMode) ? (v as TShortcutMode) : "keys";
}

function subscribe(onChange: () => void) {
  listeners.add(onChange);
  const onStorage = (e: StorageEvent) => e.key === KEY && onChange();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener("storage", onStorage);
  };
}

export function useShortcutMode(): [TShortcutMode, (m: TShortcutMode) => void] {
  const mode = useSyncExternalStore(subscribe, read, () => "keys" as const);
  const set = (m: TShortcutMode) => {
    window.localStorage.setItem(KEY, m);
    for (const l of listeners) l();
  };
  return [mode, set];
}

/** How a shortcut key is written in this mode: "j", "Alt+j", or nothing. */
export function keyLabel(mode: TShortcutMode, key: string): string | null {
  return mode === "off" ? null : mode === "alt" ? `Alt+${key}` : key;
}

export function ShortcutSetting() {
  const [mode, setMode] = useShortcutMode();
  return (
    <fieldset>
      <legend>Triage keyboard shortcuts (j, k, 1–9, y, n, t, ?)</legend>
      {(
        [
          ["keys", "Single keys", "press j for the next sample, 1 to tag the first capability"],
          ["alt", "With Alt", "Alt+j, Alt+1: no single key does anything, so speech input and stray keys cannot set one off"],
          ["off", "Off", "use the buttons; the arrow keys still move between samples"],
        ] as const
      ).map(([value, label, hint]) => (
        <label key={value} className="field-check">
          <input type="radio" name="triage-shortcuts" value={value} checked={mode === value} onChange={() => setMode(value)} />
          <span>
            {label} <span className="small muted">({hint})</span>
          </span>
        </label>
      ))}
      <p className="small muted">Kept in this browser.</p>
    </fieldset>
  );
}
