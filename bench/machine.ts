import * as os from 'node:os';

/** The machine a benchmark ran on, recorded next to its figures. */
export interface MachineFacts {
	node: string;
	v8: string;
	platform: string;
	arch: string;
	cpuModel: string;
	cores: number;
	availableParallelism: number;
	totalMemoryGiB: number;
}

export function machineFacts(): MachineFacts {
	const cpus = os.cpus();
	return {
		node: process.version,
		v8: process.versions.v8,
		platform: `${os.type()} ${os.release()}`,
		arch: process.arch,
		cpuModel: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		availableParallelism: os.availableParallelism(),
		totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
	};
}
