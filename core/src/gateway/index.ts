// Public surface of the gateway protocol client (pure Node: no `vscode` import anywhere below).
export * from './connection';
export * from './errors';
export * from './frames';
export * from './handshake';
export * from './handshakeFailure';
export * from './identity';
export * from './signature';
export * from './tlsPin';
