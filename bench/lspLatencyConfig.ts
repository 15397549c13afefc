// What the LSP latency bench measures: the servers, the edits, the warm-up (shared by the run and its report).

export const WARMUP_CHANGES = 2;
export const SERVER_IDS = ['ours', 'ours-pull', 'json-push', 'json-pull'] as const;
export type ServerId = (typeof SERVER_IDS)[number];
export const VALID_SCOPE = 'operator.read';
export const TYPO_SCOPE = 'operator.raed';
