// `doctor [ERROR LINE…]`: the line recognised (core/src/doctor/recognise.ts), then diagnosed against the live
// gateway (one connection made like the devices command's) and the state dir's files. One clear outcome and an exit
// code: 0 diagnosed, 1 not recognised / nothing found, 2 bad usage / the gateway could not be asked. Never a token.
import fs from 'node:fs';
import type { DoctorContext, LiveView } from '../../core/src/doctor/diagnosis';
import { diagnose, diagnoseAll, needsLiveLists } from '../../core/src/doctor/diagnose';
import { LineReading, recogniseLine } from '../../core/src/doctor/recognise';
import { collectStateFacts, StateFacts } from '../../core/src/doctor/stateFacts';
import { applyProfile, openClawStateDir, resolveUserPath, openClawHome } from '../../core/src/openclaw/stateLayout';
import { UsageError } from './args';
import type { DevicesIo } from './devices';
import { DOCTOR_USAGE, DoctorOptions, parseDoctorArgs } from './doctorArgs';
import { connectToRead } from './readConnection';
import { diagnosesText, doctorJson, notRecognisedText } from './doctorFormat';

/** More than the recogniser reads (it takes the start and end of 64 KiB); the rest of a huge pipe is not kept. */
const MAX_STDIN_BYTES = 2 * 1024 * 1024;

export interface DoctorIo extends DevicesIo {
	/** The piped input, or undefined when stdin is a terminal (nothing to read). */
	readStdin: () => Promise<string | undefined>;
}

const defaultIo: DoctorIo = {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text),
	env: process.env,
	readStdin: () => (process.stdin.isTTY ? Promise.resolve(undefined) : readCapped(process.stdin, MAX_STDIN_BYTES)),
};

export async function runDoctorCommand(argv: string[], io: DoctorIo = defaultIo): Promise<number> {
	const fail = (code: number, message: string): number => {
		io.stderr(`openclaw-pairing: ${message}\n`);
		return code;
	};
	let options: DoctorOptions;
	try {
		options = parseDoctorArgs(argv, io.env);
	} catch (error) {
		if (error instanceof UsageError) return fail(2, `${error.message}\nRun "openclaw-pairing doctor --help" for usage.`);
		throw error;
	}
	if (options.help) {
		io.stdout(`${DOCTOR_USAGE}\n`);
		return 0;
	}
	const text = options.line ?? (options.deviceId || options.requestId ? undefined : await io.readStdin());
	let reading: LineReading | undefined;
	if (text !== undefined && (options.line !== undefined || text.trim() !== '')) {
		reading = recogniseLine(text);
		if (!reading.recognised) {
			io.stdout(`${options.json ? doctorJson(reading, undefined, []) : notRecognisedText(reading)}\n`);
			return 1;
		}
	}
	const line = reading?.recognised ? reading : undefined;
	const state = stateFacts(options, io.env);
	const ctx: DoctorContext = state ? { state } : {};
	const live = await liveView(options, io, (why) => (ctx.notLive = why));
	if (live) ctx.live = live;
	if (!live && needsLiveLists(line)) return fail(2, `cannot check against the gateway: ${ctx.notLive ?? 'not connected'}`);

	const diagnoses = line || options.deviceId || options.requestId ? diagnose({ ...(line ? { line } : {}), ...ids(options) }, ctx) : diagnoseAll(ctx);
	if (options.json) io.stdout(`${doctorJson(line, live, diagnoses)}\n`);
	else io.stdout(`${diagnoses.length ? diagnosesText(line, diagnoses) : nothingFound(options)}\n`);
	return diagnoses.length ? 0 : 1;
}

function ids(options: DoctorOptions): { deviceId?: string; requestId?: string } {
	return { ...(options.deviceId ? { deviceId: options.deviceId } : {}), ...(options.requestId ? { requestId: options.requestId } : {}) };
}

function nothingFound(options: DoctorOptions): string {
	if (options.deviceId)
		return `Nothing is wrong with device ${options.deviceId} that the doctor can see: it is paired, its tokens are active and nothing of it is pending.`;
	return 'Nothing found: no pending request and no device stuck on a revoked token on this gateway.';
}

/** The state dir as openclaw finds it (--profile too), or --state-dir; its facts only when it exists. */
function stateFacts(options: DoctorOptions, env: NodeJS.ProcessEnv): StateFacts | undefined {
	const profile = options.connection.flags.profile;
	let dir: string;
	try {
		const effective = profile ? applyProfile(env, profile) : env;
		dir = options.stateDir ? resolveUserPath(options.stateDir, openClawHome(env)) : openClawStateDir(effective);
	} catch {
		return undefined;
	}
	if (!isDir(dir)) return undefined;
	return collectStateFacts(dir, {
		exists: (file) => fs.existsSync(file),
		readText: (file, maxBytes) => {
			try {
				return fs.statSync(file).size <= maxBytes ? fs.readFileSync(file, 'utf8') : undefined;
			} catch {
				return undefined;
			}
		},
	});
}

function isDir(dir: string): boolean {
	try {
		return fs.statSync(dir).isDirectory();
	} catch {
		return false;
	}
}

/** One connection, as the devices command makes it; why there is none goes to `notLive`. */
async function liveView(options: DoctorOptions, io: DoctorIo, notLive: (why: string) => void): Promise<LiveView | undefined> {
	const connection = await connectToRead(options.connection, io.env);
	if (connection.discovered) io.stderr(`openclaw-pairing: ${connection.discovered}\n`);
	if (!connection.ok) return void notLive(connection.problem);
	const { service, state, display } = connection;
	try {
		const snapshot = service.snapshot ?? (await service.refresh());
		const own = { scopes: state.scopes, via: state.via, ...(service.deviceId && state.via === 'device' ? { deviceId: service.deviceId } : {}) };
		return { snapshot, own, ...(state.serverVersion ? { serverVersion: state.serverVersion } : {}), url: display };
	} catch (error) {
		return void notLive(`${display}: ${error instanceof Error ? error.message : String(error)}`);
	} finally {
		await service.stop();
	}
}

async function readCapped(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		chunks.push(buf.subarray(0, Math.max(0, maxBytes - size)));
		size += buf.length;
		if (size >= maxBytes) break;
	}
	return Buffer.concat(chunks).toString('utf8');
}
