import { ApiError, errorText, h } from './dom';
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

/** The list exports of the API (issue 16): the search result and the inbox. */
export type ListExportPath = '/applications/search/export' | '/tasks/export';

/**
 * Exports a list (导出 Excel / 导出 CSV) with the current filters: the file is read as it arrives and
 * `progress` shows how much of it (the API sends its length), then it is saved as `filename`.
 */
export async function exportList(
  path: ListExportPath,
  query: Record<string, string | number | undefined>,
  format: 'xlsx' | 'csv',
  filename: string,
  progress: HTMLElement,
): Promise<void> {
  const params = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  progress.textContent = '正在生成清单…';
  try {
    const res = await fetch(`/api${path}?${params}`, {
      headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
    });
    if (!res.ok) {
      const body: unknown = await res.json().catch(() => null);
      throw new ApiError(res.status, body);
    }
    const size = Number(res.headers.get('content-length') ?? 0);
    const rows = res.headers.get('x-export-rows');
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      progress.textContent = size
        ? `正在下载 ${Math.floor((received / size) * 100)}%（${rows ?? '?'} 条）`
        : `正在下载 ${(received / 1024).toFixed(0)} KB`;
    }
    const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? '' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    progress.textContent = `已导出 ${rows ?? ''} 条`;
  } catch (err) {
    progress.textContent = '';
    throw err;
  }
}

/** The 导出 Excel and 导出 CSV buttons of a list, with their progress and errors. */
export function exportButtons(
  path: ListExportPath,
  query: () => Record<string, string | number | undefined>,
  name: string,
): HTMLElement {
  const progress = h('span', { className: 'muted', id: 'export-progress', role: 'status' });
  const error = h('span', { className: 'error' });
  const button = (format: 'xlsx' | 'csv', label: string) =>
    h(
      'button',
      {
        'data-export': format,
        onclick: async () => {
          error.textContent = '';
          try {
            await exportList(path, query(), format, `${name}.${format}`, progress);
          } catch (err) {
            error.textContent = errorText(err);
          }
        },
      },
      label,
    );
  return h(
    'span',
    { className: 'export' },
    button('xlsx', '导出 Excel'),
    ' ',
    button('csv', '导出 CSV'),
    ' ',
    progress,
    error,
  );
}
