// A page's view lives in its address: range, filters, sort and page are query parameters, so a view
// can be shared and survives a reload. Changes replace the history entry (no Back step per click).
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** A value to set: a string, several (a repeated key), or null / '' / [] to remove the key. */
export type ParamValue = string | string[] | null | undefined;

export function useQueryParams(): [URLSearchParams, (changes: Record<string, ParamValue>) => void] {
  const [params, setParams] = useSearchParams();
  const update = useCallback((changes: Record<string, ParamValue>) => {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        next.delete(key);
        for (const v of Array.isArray(value) ? value : [value]) {
          if (v !== null && v !== undefined && v !== '') next.append(key, v);
        }
      }
      return next;
    }, { replace: true });
  }, [setParams]);
  return [params, update];
}

/** A page number from the address: 1-based there, 0-based on the page. */
export function pageIndex(params: URLSearchParams, key: string): number {
  const n = Number(params.get(key));
  return Number.isInteger(n) && n >= 1 ? n - 1 : 0;
}

/** A value of the address that must be one of `allowed`, else the first (the default). */
export function oneOf<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[]): T {
  const v = params.get(key) as T | null;
  return v !== null && allowed.includes(v) ? v : allowed[0];
}
