// Electron main (filled by the desktop-shell work).
export {};
