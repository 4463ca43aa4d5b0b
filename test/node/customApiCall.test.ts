// Custom API Call: any endpoint through the node's own client. Request shapes with the fake
// client (paths that would leave the API server refused before any call), and through n8n's
// engine against the simulator: paging, one token for the run, writes sent once behind a dry run,
// and a wipe or a delete behind the same confirmation and cap as Send Command and Delete.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import * as customApiCall from '../../nodes/WorkspaceOneUem/actions/customApiCall/CustomApiCall.resource';
import { startSimulator } from '../../simulator';
import { empty, fakeContext, FakeApi, ok, type FakeAnswer } from '../harness/fakes';
import { useFastRetries } from '../harness/fastRetries';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

async function shapes(items: Array<Record<string, unknown>>, route: (path: string) => FakeAnswer = () => ok({})) {
	const { context } = fakeContext(items);
	const api = new FakeApi(route);
	const results: Array<IDataObject[] | string> = [];
	for (let index = 0; index < items.length; index++) {
		try {
			results.push(await customApiCall.call.prepare.call(context, index)(api));
		} catch (error) {
			results.push((error as Error).message);
		}
	}
	return { results, calls: api.calls.map((call) => `${call.method} ${call.path} v${call.version}`), bodies: api.calls.map((call) => call.body) };
}

describe('Custom API Call: request shapes', () => {
	it('sends the method, the path with the query typed in it and in the fields, and the API version', async () => {
		const { calls, results } = await shapes(
			[{ method: 'GET', path: '/api/mdm/devices/search?platform=Apple', apiVersion: 2, query: { parameter: [{ name: 'user', value: 'jdoe' }] } }],
			() => ok({ Devices: [{ Id: { Value: 1 } }], Total: 1 }),
		);
		expect(calls).toEqual(['GET /api/mdm/devices/search?platform=Apple&user=jdoe v2']);
		expect(results[0]).toEqual([{ Devices: [{ Id: { Value: 1 } }], Total: 1 }]);
	});

	it('refuses a path that would leave the API server, or not under /api/, before any call', async () => {
		const paths = ['https://evil.example/api/x', '//evil.example/api/x', '@evil.example/api', 'api/mdm/devices', '/console/login', '/api/../admin', '\\\\evil\\api', ''];
		const { results, calls } = await shapes(paths.map((path) => ({ method: 'GET', path })));
		expect(calls).toEqual([]);
		expect(results).toEqual([
			'Path must start with /api/, got "https://evil.example/api/x"',
			'Path must start with /api/, got "//evil.example/api/x"',
			'Path must start with /api/, got "@evil.example/api"',
			'Path must start with /api/, got "api/mdm/devices"',
			'Path must stay under /api/ on the API server, got "/console/login"',
			'Path must stay under /api/ on the API server, got "/api/../admin"',
			'Path must start with /api/, got "\\\\evil\\api"',
			'Path is empty',
		]);
	});

	it('reads every page of a listing it does not know with Return All, one item per entry', async () => {
		const pages = [500, 500, 7];
		const { calls, results } = await shapes([{ method: 'GET', path: '/api/mdm/smartgroups/search', returnAll: true }], (path) => {
			const page = Number(new URLSearchParams(path.split('?')[1]).get('page'));
			return ok({ SmartGroups: Array.from({ length: pages[page] }, (_, index) => ({ SmartGroupID: page * 500 + index })), Page: page, PageSize: 500, Total: 1007 });
		});
		expect(calls).toEqual([0, 1, 2].map((page) => `GET /api/mdm/smartgroups/search?page=${page}&pagesize=500 v1`));
		expect((results[0] as IDataObject[]).map((entry) => entry.SmartGroupID)).toEqual(Array.from({ length: 1007 }, (_, index) => index));
	});

	it('is a dry run by default for a write, and outputs exactly what would be sent', async () => {
		const { calls, results } = await shapes([{ method: 'POST', path: '/api/mdm/tags/7/adddevices', body: '{"BulkValues":{"Value":["1042"]}}' }]);
		expect(calls).toEqual([]);
		expect(results[0]).toEqual([{ dryRun: true, wouldSend: 'POST /api/mdm/tags/7/adddevices', body: { BulkValues: { Value: ['1042'] } } }]);
	});

	it('sends a write once when Dry Run is off, with its JSON body; refuses a body that is not JSON before any call', async () => {
		const sent = await shapes([{ method: 'PUT', path: '/api/system/users/5', body: '{"Email":"a@example.com"}', dryRun: false }], () => empty());
		expect(sent.calls).toEqual(['PUT /api/system/users/5 v1']);
		expect(sent.bodies).toEqual([{ Email: 'a@example.com' }]);
		expect(sent.results[0]).toEqual([{ sent: 'PUT /api/system/users/5', body: { Email: 'a@example.com' }, status: 204 }]);
		const bad = await shapes([{ method: 'POST', path: '/api/x', body: '{not json', dryRun: false }]);
		expect(bad.results).toEqual(['Body is not valid JSON']);
		expect(bad.calls).toEqual([]);
	});

	it('holds a wipe or a delete to the confirmation and cap of Send Command and Delete, whatever the case of the query', async () => {
		const wipe = { method: 'POST', path: '/api/mdm/devices/12/commands?COMMAND=devicewipe', dryRun: false };
		const unconfirmed = await shapes([wipe]);
		expect(unconfirmed.results).toEqual(['Device Wipe is destructive and not confirmed: nothing was sent']);
		const deletion = await shapes([{ method: 'DELETE', path: '/api/mdm/devices/12', dryRun: false, confirmDestructive: 'Enterprise Wipe' }]);
		expect(deletion.results).toEqual(['Delete Device is destructive and not confirmed: nothing was sent']);
		const overCap = await shapes(Array.from({ length: 3 }, () => ({ ...wipe, confirmDestructive: 'Device Wipe', maxDevicesPerRun: 2 })));
		expect(new Set(overCap.results)).toEqual(new Set(['Refused: this run would send a destructive action to 3 devices, more than Max Devices Per Run (2). Nothing was sent.']));
		expect([...unconfirmed.calls, ...deletion.calls, ...overCap.calls]).toEqual([]);
		const confirmed = await shapes([{ ...wipe, confirmDestructive: 'Device Wipe' }], () => empty());
		expect(confirmed.calls).toEqual(['POST /api/mdm/devices/12/commands?COMMAND=devicewipe v1']);
	});
});

describe('Custom API Call through n8n against the simulator', () => {
	useFastRetries();
	let sim: Awaited<ReturnType<typeof startSimulator>>;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 1200, seed: 5 });
	});
	afterEach(async () => await sim.close());
	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

	it('reads a whole listing with one token for the run, after another node of the workflow', async () => {
		const result = await runWorkflow({
			steps: [
				{ name: 'Info', typeVersion: 2, parameters: { resource: 'customApiCall', operation: 'call', method: 'GET', path: '/api/system/info' } },
				{ name: 'Devices', typeVersion: 2, parameters: { resource: 'customApiCall', operation: 'call', method: 'GET', path: '/api/mdm/devices/search', returnAll: true } },
			],
			credentials: simulatorCredentials(sim),
		});
		expect(result.error).toBeUndefined();
		expect(json(result.outputs.Devices).map((device) => (device.Id as IDataObject).Value)).toEqual(sim.fleet.devices.map((device) => device.id));
		expect(sim.snapshot().byRoute.deviceSearch).toBe(3);
		expect(sim.tokenService.state.exchanges).toBe(1);
	});

	it('sends a command once; an answer lost after UEM carried it out is "outcome unknown", never sent again', async () => {
		const device = sim.fleet.devices[3];
		sim.faults.config.dropAfterWriteRate = 1;
		const result = await runWorkflow({
			steps: [
				{
					typeVersion: 2,
					continueOnFail: true,
					parameters: { resource: 'customApiCall', operation: 'call', method: 'POST', path: `/api/mdm/devices/${device.id}/commands?command=Lock`, dryRun: false },
				},
			],
			credentials: simulatorCredentials(sim),
		});
		expect(json(result.items)).toEqual([expect.objectContaining({ outcome: 'unknown', error: expect.stringContaining('Outcome unknown') })]);
		expect(sim.commands.of(device.id)).toEqual(['Lock']);
	});
});
