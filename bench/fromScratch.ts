// The yardstick of issue 14: one from-scratch parse + schema validation of the same text, in this process, with the
// well-kept libraries a JSON tool would use: jsonc-parser's parseTree (ranges), JSON.parse (the value) and a compiled
// ajv validator of schemas/paired.schema.json. Every edit kind is compared with it, measured in the same run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Ajv from 'ajv';
import { parseTree } from 'jsonc-parser';
import { REPO_ROOT } from './servers';
import { summarize, Summary } from './stats';

export function fromScratch(text: string, iterations: number): Summary {
	const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/paired.schema.json'), 'utf8')) as object;
	// strict: false ignores VS Code's annotation keywords (errorMessage, …), as compiling for validation only would.
	const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
	const samples: number[] = [];
	for (let i = 0; i < iterations + 1; i++) {
		const t0 = performance.now();
		parseTree(text, [], { allowTrailingComma: false });
		if (!validate(JSON.parse(text))) throw new Error('the generated file does not match its schema');
		if (i > 0) samples.push(performance.now() - t0); // the first run warms the JIT up
	}
	return summarize(samples);
}
