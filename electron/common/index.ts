// The IPC contract (filled by the desktop-shell work).
export const CONTRACT_VERSION = 1;
