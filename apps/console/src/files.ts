import { ApiError, h } from './dom';
import { session } from './session';

/** Downloads the carry-over spreadsheet (the request needs the session token, so not a plain link). */
/** A file of the API, fetched with the bearer token (a plain link cannot carry it). */
export async function fetchFile(path: string): Promise<Blob> {
  const res = await fetch(`/api${path}`, {
    headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
  });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  return res.blob();
}

/** Saves a file of the API as `filename`. */
export async function downloadFile(path: string, filename: string): Promise<void> {
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
export async function openFile(path: string): Promise<void> {
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
