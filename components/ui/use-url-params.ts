"use client";
// Lists keep their filters, sort and page in the URL; this is the one way the client changes them.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useTransition } from "react";

export type TParamPatch = Record<string, string | number | undefined | null>;

export function useUrlParams() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  // Patches build on the latest URL we asked for, not the last one rendered: a debounced search
  // that fires while a filter change is still navigating must not undo that change.
  const latest = useRef(searchParams.toString());
  useEffect(() => {
    latest.current = searchParams.toString();
  }, [searchParams]);

  const update = useCallback(
    (patch: TParamPatch, opts: { resetPage?: boolean; replace?: boolean } = {}) => {
      const next = new URLSearchParams(latest.current);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === null || v === "") next.delete(k);
        else next.set(k, String(v));
      }
      if (opts.resetPage) next.delete("page");
      const qs = next.toString();
      latest.current = qs;
      const href = qs ? `${pathname}?${qs}` : pathname;
      startTransition(() => {
        if (opts.replace) router.replace(href, { scroll: false });
        else router.push(href, { scroll: false });
      });
    },
    [pathname, router],
  );

  return { update, pending };
}
