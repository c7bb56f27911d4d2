import { fileTooLarge, MAX_FILE_BYTES } from '../../shared/files/limits';

/**
 * A file the user picked, as base64 for the API (the same over IPC and HTTP). A file larger than any
 * reader takes is refused here, before it is read into memory, in the words the command line uses.
 */
export async function fileToBase64(file: File): Promise<string> {
  if (file.size > MAX_FILE_BYTES) throw new Error(fileTooLarge(file.name, file.size));
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Offers text as a download, as Excel users expect from "Export". */
export function download(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  // Excel on Windows reads a CSV without a byte-order mark as Windows-1252 and garbles "£", "–" and "é".
  const parts = type.startsWith('text/csv') ? ['\uFEFF', text] : [text];
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
  a.click();
  // Revoked at once, the URL can be gone before the browser has started the download (Firefox, some Chromium builds).
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Offers bytes that came over the API as base64 (a workbook, a PDF) as a download. */
export function downloadBase64(
  fileName: string,
  base64: string,
  type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
