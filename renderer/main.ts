// Renderer entry (filled by the desktop-shell work).
export {};
