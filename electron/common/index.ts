// The IPC contract shared by the main process, the preload and the renderer.
export * from './contract';
export * from './contract-error';
export * from './dto';
export * from './bridge';
export * from './validate';
export * from './ws-protocol';
