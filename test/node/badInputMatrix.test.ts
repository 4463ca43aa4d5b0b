// The bad-input matrix: every case gives one clear, specific error per item (and an error item
// under Continue On Fail), never a crash and never a silent empty result.
import type { IDataObject } from 'n8n-workflow';
import { startSimulator } from '../../simulator';
import { useFastRetries } from '../harness/fastRetries';
import { runWorkflow, simulatorCredentials, type UemStep } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

interface Case {
	name: string;
	/** Puts the tenant or the credential into the bad state; returns credential overrides. */
	setup?: (sim: Simulator, other: Simulator) => IDataObject | void;
	step: (sim: Simulator) => UemStep['parameters'];
	input?: (sim: Simulator) => Array<Record<string, unknown>>;
	error: (sim: Simulator, other: Simulator) => string | RegExp;
}

const getStatus = (): UemStep['parameters'] => ({ resource: 'profile', operation: 'getStatus' });
const getBySerial = (serial: string): UemStep['parameters'] => ({
	resource: 'device',
	operation: 'get',
	deviceIdType: 'serialNumber',
	deviceIdValue: serial,
});
const devicesAsInput = (sim: Simulator) => sim.fleet.devices.slice(0, 2).map((d) => ({ Id: { Value: d.id } }));

const cases: Case[] = [
	{
		name: 'wrong client secret',
		setup: () => ({ clientSecret: 'not-the-secret' }),
		step: getStatus,
		error: (sim) => `The token endpoint 127.0.0.1:${sim.port} rejected the client ID or client secret (HTTP 400, invalid_client).`,
	},
	{
		name: 'wrong region (the token service of another data centre does not know the client)',
		setup: (_sim, other) => ({ tokenUrl: other.tokenUrl }),
		step: getStatus,
		error: (_sim, other) => `The token endpoint 127.0.0.1:${other.port} rejected the client ID or client secret (HTTP 400, invalid_client).`,
	},
	{
		name: 'a token from another data centre (the API server does not accept it)',
		setup: (_sim, other) => ({ apiUrl: other.url }),
		step: getStatus,
		// The items sent before UEM refused a fresh token say so; those after it were not sent and say that.
		error: () => /^UEM (rejected a freshly issued access token|refuses the access tokens of this OAuth client) \(HTTP 401: error 6000/,
	},
	{
		name: 'API URL without a scheme, on a server that is not https',
		setup: (sim) => ({ apiUrl: `127.0.0.1:${sim.port}` }),
		step: getStatus,
		error: (sim) => `Could not reach the UEM API server 127.0.0.1:${sim.port} (TLS handshake failed: is the server really https?)`,
	},
	{
		name: 'API URL pointing at a login page that answers HTML',
		setup: (sim) => void (sim.settings.apiAnswers = 'html'),
		step: getStatus,
		error: (sim) => `The API server 127.0.0.1:${sim.port} answered with a web page instead of JSON`,
	},
	{
		name: 'non-numeric device ID',
		step: () => ({ resource: 'device', operation: 'get', deviceIdType: 'deviceId', deviceIdValue: 'abc-123' }),
		error: () => 'Device ID must be a whole number, got "abc-123"',
	},
	{
		name: 'unknown serial number',
		step: () => getBySerial('NOT-A-SERIAL'),
		error: () => 'Device not found: no device with Serial Number "NOT-A-SERIAL"',
	},
	{
		name: 'a page of malformed JSON that stays malformed',
		setup: (sim) => void (sim.faults.config.malformedRate = 1),
		step: getStatus,
		error: () => 'UEM answered with malformed JSON',
	},
	{
		name: 'an empty 200 body',
		setup: (sim) => void (sim.settings.forced.any = { status: 200, raw: '' }),
		step: getStatus,
		error: () => 'UEM answered HTTP 200 with an empty body',
	},
	{
		name: 'a 204 on every endpoint, where something was expected',
		setup: (sim) => void (sim.settings.forced.any = { status: 204 }),
		step: () => getBySerial('ANY-SERIAL'),
		error: () => 'Device not found: no device with Serial Number "ANY-SERIAL"',
	},
	{
		name: 'expires_in of zero',
		setup: (sim) => void (sim.tokenService.state.response.expiresIn = 0),
		step: getStatus,
		error: (sim) => `The token endpoint 127.0.0.1:${sim.port} gave an unusable expires_in (0); it must be a positive number of seconds.`,
	},
	{
		name: 'negative expires_in',
		setup: (sim) => void (sim.tokenService.state.response.expiresIn = -300),
		step: getStatus,
		error: (sim) => `The token endpoint 127.0.0.1:${sim.port} gave an unusable expires_in (-300); it must be a positive number of seconds.`,
	},
	{
		name: 'a token endpoint answering 200 without access_token',
		setup: (sim) => void (sim.tokenService.state.response.omitAccessToken = true),
		step: getStatus,
		error: (sim) => `The token endpoint 127.0.0.1:${sim.port} answered without an access_token.`,
	},
	{
		name: 'a Limit of 0',
		step: () => ({ resource: 'device', operation: 'search', returnAll: false, limit: 0 }),
		error: () => 'Limit must be a whole number of at least 1, got 0',
	},
	{
		name: 'a negative Limit',
		step: () => ({ resource: 'device', operation: 'search', returnAll: false, limit: -3 }),
		error: () => 'Limit must be a whole number of at least 1, got -3',
	},
	{
		name: 'an expression resolving to an empty string',
		step: () => ({ resource: 'device', operation: 'get', deviceIdType: 'serialNumber', deviceIdValue: '={{ $json.serial }}' }),
		input: () => [{ serial: '' }, { serial: '   ' }],
		error: () => 'Serial Number is empty',
	},
];

describe('bad-input matrix', () => {
	useFastRetries();
	let sim: Simulator;
	let other: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 30 });
		other = await startSimulator({ devices: 5 });
	});
	afterEach(async () => {
		await sim.close();
		await other.close();
	});

	it.each(cases.map((c) => [c.name, c] as const))('%s: one specific error per item, and the run stops with it', async (_name, c) => {
		const overrides = c.setup?.(sim, other) ?? {};
		const credentials = simulatorCredentials(sim, overrides);
		const input = (c.input ?? devicesAsInput)(sim);
		const expected = c.error(sim, other);
		const matches = (message: unknown) =>
			typeof expected === 'string' ? expect(message).toBe(expected) : expect(message).toMatch(expected);

		const continued = await runWorkflow({ steps: [{ parameters: c.step(sim), continueOnFail: true }], credentials, input });
		expect(continued.items).toHaveLength(input.length);
		continued.items.forEach((item, index) => {
			matches(item.json.error);
			expect(item.pairedItem).toEqual({ item: index });
		});

		const stopped = await runWorkflow({ steps: [{ parameters: c.step(sim) }], credentials, input });
		matches(stopped.error?.message);
		expect(JSON.stringify([continued.items, stopped.error])).not.toContain(sim.clients[0].clientSecret);
	});
});

describe('inputs that look odd but are fine', () => {
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 30 });
	});
	afterEach(async () => await sim.close());

	const statusOfFirstDevice = async (overrides: IDataObject = {}) =>
		await runWorkflow({
			steps: [{ parameters: { resource: 'profile', operation: 'getStatus' } }],
			credentials: simulatorCredentials(sim, overrides),
			input: [{ Id: { Value: sim.fleet.devices[0].id } }],
		});

	it('reads an API URL with "/api" pasted at the end', async () => {
		const result = await statusOfFirstDevice({ apiUrl: `${sim.url}/api/` });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(sim.fleet.devices[0].assignments.length);
	});

	it.each([
		['missing', 'omit'],
		['huge', 10 ** 9],
	])('works with an expires_in that is %s (one hour assumed; capped at a day)', async (_case, expiresIn) => {
		sim.tokenService.state.response.expiresIn = expiresIn;
		const result = await statusOfFirstDevice();
		expect(result.error).toBeUndefined();
		expect(result.items.length).toBeGreaterThan(0);
	});

	it('keeps an unknown status code as it came', async () => {
		const device = sim.fleet.devices[0];
		sim.fleet.setProfileStatus(device.id, device.assignments[1].profile.id, 42);
		const result = await statusOfFirstDevice();
		expect(result.items[1].json).toMatchObject({ statusCode: 42, status: 'Unrecognised (42)', installed: false });
	});
});
