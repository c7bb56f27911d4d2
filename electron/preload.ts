import { contextBridge, ipcRenderer } from 'electron';

/**
 * The renderer's only door to the Node side: window.bcf.invoke(method, payload),
 * answered by electron/api/dispatch.ts. Raw ipcRenderer never crosses. The
 * channel name is repeated here (not imported) because a sandboxed preload is
 * bundled on its own.
 */
const api = Object.freeze({
  invoke: (method: string, payload: unknown): Promise<unknown> =>
    ipcRenderer.invoke('bcf:invoke', String(method), payload),
});

contextBridge.exposeInMainWorld('bcf', api);
