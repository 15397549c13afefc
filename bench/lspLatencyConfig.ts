// What the LSP latency bench measures: the servers, the edit it types, the warm-up (shared by the run and its report).

export const WARMUP_CHANGES = 3;
export const SERVER_IDS = ['ours', 'json-push', 'json-pull'] as const;
export type ServerId = (typeof SERVER_IDS)[number];
export const VALID_SCOPE = 'operator.read';
export const TYPO_SCOPE = 'operator.raed';
