// Preload (filled by the desktop-shell work).
export {};
