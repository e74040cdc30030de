"use client";
// A drop zone with a hidden file input behind a "Choose" button: the import panel's and the
// package verifier's. The zone's props go on its element; the input's on a visually hidden
// <input type="file">, reset after each pick so the same file can be chosen again.
import { useRef, useState, type ChangeEvent, type DragEvent } from "react";

export function useFileDrop(onFile: (file: File) => void) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const zone = {
    "data-dragging": dragging ? ("true" as const) : undefined,
    onDragOver: (e: DragEvent<HTMLElement>) => {
      e.preventDefault();
      if (!dragging) setDragging(true);
    },
    onDragLeave: () => setDragging(false),
    onDrop: (e: DragEvent<HTMLElement>) => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer.files?.[0];
      if (file) onFile(file);
    },
  };
  const input = {
    ref: inputRef,
    type: "file" as const,
    className: "sr-only",
    tabIndex: -1,
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      const file = e.target.files?.[0];
      e.target.value = "";
      if (file) onFile(file);
    },
  };
  return { zone, input, choose: () => inputRef.current?.click() };
}
