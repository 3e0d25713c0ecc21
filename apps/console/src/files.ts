import { ApiError, h } from './dom';
import { type Operation, type Response, session } from './session';

/** The operations of the API that answer a file (api-types.ts: their response is a Blob). */
type FileOperation = { [O in Operation]: Response<O> extends Blob ? O : never }[Operation];
/** A path template with each {parameter} taken as any text: '/reports/{year}/document.pdf' → `/reports/${string}/document.pdf`. */
type PathOf<T extends string> = T extends `${infer Before}{${string}}${infer After}`
  ? `${Before}${string}${PathOf<After>}`
  : T;
type FilePathOf<O> = O extends `GET /api${infer Path}` ? PathOf<Path> : never;
/** The path (under /api) of a file the API serves, e.g. `/reports/2025/carry-over.xlsx`. */
export type FilePath = FilePathOf<FileOperation>;

/** A file of the API, fetched with the bearer token (a plain link cannot carry it). */
export async function fetchFile(path: FilePath): Promise<Blob> {
  const res = await fetch(`/api${path}`, {
    headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
  });
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    throw new ApiError(res.status, body);
  }
  return res.blob();
}

/** Saves a file of the API as `filename`. */
export async function downloadFile(path: FilePath, filename: string): Promise<void> {
  const url = URL.createObjectURL(await fetchFile(path));
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Opens a page of the API (the report's print page) in a new window: the window is opened at the click
 * (so no pop-up blocker stops it), the page fetched with the token and shown in it.
 */
export async function openFile(path: FilePath): Promise<void> {
  const w = window.open('', '_blank');
  try {
    const url = URL.createObjectURL(await fetchFile(path));
    if (w) w.location.href = url;
    else window.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    w?.close();
    throw err;
  }
}
