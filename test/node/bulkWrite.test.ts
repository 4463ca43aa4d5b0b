// The bulk engine at the boundary, with a fake client: calls go out as they fill, while later items
// are still read, and a device is listed once per run however its items are spread over the input
// (also when a later item names a device whose call has already gone, by id or by MAC address).
import { sleep, type IDataObject } from 'n8n-workflow';

import { bulkWrite, type BulkEndpoint, type BulkItem } from '../../nodes/WorkspaceOneUem/actions/bulkWrite';
import { bulkCommandCall, bulkSearchBy, findDeviceCommand, type DeviceCommand } from '../../nodes/WorkspaceOneUem/uem/commands';
import { FakeApi, ok, type SeenCall } from '../harness/fakes';

const SENT = 'POST /api/mdm/devices/commands/bulk?command=Lock&searchby=DeviceId';
const LOCK = findDeviceCommand('Lock') as DeviceCommand;

const lockEndpoint: BulkEndpoint = {
	takes: bulkSearchBy,
	call: (_first, searchby, values) => bulkCommandCall(LOCK, searchby, values),
	target: (item) => `Lock to ${item.identifier.value}`,
};

/** Runs Lock in bulk on `devices` (one item each, named as given), counting the items read when each call is made. */
async function lockInBulk(
	devices: Array<{ deviceId: string } | { macAddress: string }>,
	route = (path: string) => ok(path.includes('searchby=Macaddress') ? { Id: { Value: 7 } } : {}),
	dryRun = false,
) {
	let read = 0;
	const readWhenCalled: number[] = [];
	const api = new FakeApi((path, call) => {
		if (call.method === 'POST') readWhenCalled.push(read);
		return route(path);
	}, 4);
	const readItem = (itemIndex: number): BulkItem => {
		read++;
		const [type, value] = Object.entries(devices[itemIndex])[0] as [BulkItem['identifier']['type'], string];
		return { itemIndex, key: 'Lock', identifier: { type, value }, output: { device: { [type]: value } }, skipIfNotFound: false };
	};
	const results = await bulkWrite(lockEndpoint, devices.length, readItem, dryRun)(api);
	const posts = api.calls.filter((call) => call.method === 'POST');
	return { results: results as IDataObject[][], posts, readWhenCalled, calls: api.calls };
}

const listed = (posts: SeenCall[]) => posts.flatMap((call) => (call.body as { BulkValues: { Value: string[] } }).BulkValues.Value);

describe('Bulk writes', () => {
	it('sends the first 500 devices as soon as they are read, before the rest of the items', async () => {
		const devices = Array.from({ length: 1_200 }, (_, index) => ({ deviceId: String(index + 1) }));
		const { posts, readWhenCalled, results } = await lockInBulk(devices);
		expect(posts).toHaveLength(3);
		expect(readWhenCalled).toEqual([500, 1_000, 1_200]);
		expect(listed(posts)).toEqual(devices.map((device) => device.deviceId));
		expect(results.map((result) => result[0].inBulkOf)).toEqual([...Array(1_000).fill(500), ...Array(200).fill(200)]);
	});

	it('lists a device once when a later item names it after its call has gone, and gives both items that call', async () => {
		const devices = [...Array.from({ length: 600 }, (_, index) => ({ deviceId: String(index + 1) })), { deviceId: '3' }, { deviceId: '600' }];
		const { posts, results } = await lockInBulk(devices);
		expect(posts).toHaveLength(2);
		const values = listed(posts);
		expect(values).toHaveLength(600);
		expect(new Set(values).size).toBe(600);
		expect(results[600]).toEqual([{ device: { deviceId: '3' }, deviceId: 3, sent: SENT, status: 200, inBulkOf: 500 }]);
		expect(results[601]).toEqual([{ device: { deviceId: '600' }, deviceId: 600, sent: SENT, status: 200, inBulkOf: 100 }]);
		expect(results[2]).toEqual([{ device: { deviceId: '3' }, deviceId: 3, sent: SENT, status: 200, inBulkOf: 500 }]);
	});

	it('in a dry run shows every call of a long run, a device named twice in the call that lists it, and sends nothing', async () => {
		const devices = [...Array.from({ length: 1_100 }, (_, index) => ({ deviceId: String(index + 1) })), { deviceId: '2' }];
		const { calls, results } = await lockInBulk(devices, undefined, true);
		expect(calls).toEqual([]);
		expect(results).toHaveLength(1_101);
		expect(results.map((result) => result[0].inBulkOf)).toEqual([...Array(1_000).fill(500), ...Array(100).fill(100), 500]);
		expect(results[1_100]).toEqual([{ dryRun: true, device: { deviceId: '2' }, deviceId: 2, wouldSend: SENT, inBulkOf: 500 }]);
	});

	it('lists a device id once however it is written (007 is device 7), and gives UEM\'s fault for it to each of its items', async () => {
		const { posts, results } = await lockInBulk([{ deviceId: '7' }, { deviceId: '007' }, { deviceId: '8' }]);
		expect(listed(posts)).toEqual(['7', '8']);
		expect(results[1]).toEqual([{ device: { deviceId: '007' }, deviceId: 7, sent: SENT, status: 200, inBulkOf: 2 }]);
		const faulted = await lockInBulk([{ deviceId: '7' }, { deviceId: '007' }, { deviceId: '8' }], () =>
			ok({ AcceptedItems: 1, FailedItems: 1, Faults: { Fault: [{ ItemValue: '7', ErrorCode: 400, Message: 'Device not found' }] } }),
		);
		for (const index of [0, 1]) expect((faulted.results[index] as unknown as Error).message).toContain('UEM did not carry it out (error 400, Device not found)');
		expect(faulted.results[2]).toEqual([{ device: { deviceId: '8' }, deviceId: 8, sent: SENT, status: 200, inBulkOf: 2 }]);
	});

	it('reads a device named by MAC address, and does not list it again when it is a device already listed by id', async () => {
		const { posts, results, calls } = await lockInBulk([{ deviceId: '7' }, { macAddress: 'AA:BB' }, { deviceId: '8' }]);
		expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
			'GET /api/mdm/devices?searchby=Macaddress&id=AA%3ABB',
			'POST /api/mdm/devices/commands/bulk?command=Lock&searchby=DeviceId',
		]);
		expect(listed(posts)).toEqual(['7', '8']);
		expect(results[1]).toEqual([{ device: { macAddress: 'AA:BB' }, deviceId: 7, sent: SENT, status: 200, inBulkOf: 2 }]);
	});

	it('sends the last, partly filled call once the items are read, while the full calls are still waiting for their answers', async () => {
		const devices = Array.from({ length: 1_001 }, (_, index) => ({ deviceId: String(index + 1) }));
		const api = new FakeApi(() => ok({}), 4);
		// The answers are held until a timer after the last item is read: every step a run takes
		// without waiting on an answer is done by then.
		let releaseAnswers!: () => void;
		const answersHeld = new Promise<void>((resolve) => (releaseAnswers = resolve));
		let waiting = 0;
		const waitingWhenSent: number[] = [];
		const answer = api.send.bind(api);
		api.send = async (call) => {
			waitingWhenSent.push(waiting++);
			await answersHeld;
			waiting--;
			return await answer(call);
		};
		const readItem = (itemIndex: number): BulkItem => {
			if (itemIndex === devices.length - 1) void sleep(0).then(releaseAnswers);
			return { itemIndex, key: 'Lock', identifier: { type: 'deviceId', value: devices[itemIndex].deviceId }, output: {}, skipIfNotFound: false };
		};
		const results = (await bulkWrite(lockEndpoint, devices.length, readItem, false)(api)) as IDataObject[][];
		// Before, the one-device call waited for the two full ones to be answered: a round more.
		expect(waitingWhenSent).toEqual([0, 1, 2]);
		expect(results.map((result) => result[0].inBulkOf)).toEqual([...Array(1_000).fill(500), 1]);
	});

	it('sends a call waiting for a slot before making the outputs of the calls answered (those come while it is on the wire)', async () => {
		const devices = Array.from({ length: 1_500 }, (_, index) => String(index + 1));
		const api = new FakeApi(() => ok({}), 2);
		let releaseAnswers!: () => void;
		const answersHeld = new Promise<void>((resolve) => (releaseAnswers = resolve));
		const outputs = devices.map((): IDataObject => ({}));
		const outputsMadeWhenSent: number[] = [];
		const answer = api.send.bind(api);
		api.send = async (call) => {
			outputsMadeWhenSent.push(outputs.filter((output) => output.sent !== undefined).length);
			await answersHeld;
			return await answer(call);
		};
		const readItem = (itemIndex: number): BulkItem => {
			// Two timers: the engine's own turn after the last call filled comes between them.
			if (itemIndex === devices.length - 1) void sleep(0).then(async () => await sleep(0)).then(releaseAnswers);
			return { itemIndex, key: 'Lock', identifier: { type: 'deviceId', value: devices[itemIndex] }, output: outputs[itemIndex], skipIfNotFound: false };
		};
		const results = (await bulkWrite(lockEndpoint, devices.length, readItem, false)(api)) as IDataObject[][];
		// Two calls open at once: the third waits for the first's slot. Before, it waited for the first's 500 outputs too.
		expect(outputsMadeWhenSent).toEqual([0, 0, 0]);
		expect(results.map((result) => result[0].sent)).toEqual(Array(1_500).fill(SENT));
	});
});
