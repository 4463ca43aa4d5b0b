// The node as an AI tool. Run through n8n's engine against the simulator: a failed call's message
// carries what to do about it, because n8n's AI Agent sends a model only the message of a tool's
// error (an MCP client gets its description too, which n8n then does not repeat). With the fakes:
// Max Devices Per Run counts a tool's calls in one execution together.
import type { INode } from 'n8n-workflow';

import * as device from '../../nodes/WorkspaceOneUem/actions/device/Device.resource';
import { startSimulator } from '../../simulator';
import { empty, FAKE_NODE, FakeApi, fakeContext } from '../harness/fakes';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

describe('errors as an AI tool', () => {
	let sim: Awaited<ReturnType<typeof startSimulator>>;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 20 });
	});
	afterAll(async () => await sim.close());

	const bySerial = (serialNumber: string) => ({ __rl: true, mode: 'serialNumber', value: serialNumber });

	it('says in its message what a model should do about a device UEM does not have; in a workflow the message stays short', async () => {
		const get = { resource: 'device', operation: 'get', device: bySerial('NO-SUCH-SERIAL') };
		const asTool = await runWorkflow({ steps: [{ typeVersion: 2, asTool: true, parameters: get }], credentials: simulatorCredentials(sim) });
		expect(asTool.error?.message).toMatch(/^Device not found: no device with Serial Number "NO-SUCH-SERIAL"\. UEM has no device with this Serial Number\. Check it with the user/);
		const inWorkflow = await runWorkflow({ steps: [{ typeVersion: 2, parameters: get }], credentials: simulatorCredentials(sim) });
		expect(inWorkflow.error?.message).toBe('Device not found: no device with Serial Number "NO-SUCH-SERIAL"');
	});

	it('says in its message that only a person can allow a write, and sends nothing', async () => {
		const lock = { resource: 'device', operation: 'sendCommand', device: bySerial(sim.fleet.devices[0].serialNumber), command: 'Lock', dryRun: false };
		const result = await runWorkflow({ steps: [{ typeVersion: 2, asTool: true, parameters: lock }], credentials: simulatorCredentials(sim) });
		expect(result.error?.message).toBe(
			'Lock is a write, and writes are off when the node is an AI tool. Nothing was sent. Only a person can allow it, by turning on "Allow When Used as a Tool" on this tool in n8n (destructive actions then keep the confirmation and the cap). Tell the user; retrying with other arguments will not help.',
		);
		expect(sim.commands.entries).toEqual([]);
	});

	it('does not repeat a description the message already holds, with Continue On Fail too', async () => {
		const wipe = { resource: 'device', operation: 'sendCommand', device: bySerial(sim.fleet.devices[1].serialNumber), command: 'DeviceWipe', dryRun: false, allowAsTool: true };
		const result = await runWorkflow({ steps: [{ typeVersion: 2, asTool: true, continueOnFail: true, parameters: wipe }], credentials: simulatorCredentials(sim) });
		const [item] = result.items.map((entry) => entry.json);
		expect(item.error).toBe(
			'Device Wipe is destructive and not confirmed: nothing was sent. Only a person can confirm it, by typing "Device Wipe" in Confirm Destructive Action on this tool in n8n. Tell the user; retrying with other arguments will not help.',
		);
		expect(String(item.error).split('Only a person').length).toBe(2);
		expect(sim.commands.entries).toEqual([]);
	});
});

describe('Max Devices Per Run as an AI tool', () => {
	// An agent calls a tool once per device: each call is a run of one item.
	const TOOL: INode = { ...FAKE_NODE, type: `${FAKE_NODE.type}Tool`, name: 'Wipe a device' };
	const wipe = { deviceIdType: 'deviceId', deviceIdValue: '12', command: 'EnterpriseWipe', dryRun: false, allowAsTool: true, confirmDestructive: 'Enterprise Wipe', maxDevicesPerRun: 2 };

	/** One call of the tool: the number of requests it made, or its error. */
	async function call(executionId: string | undefined, parameters: Record<string, unknown> = wipe, node: INode = TOOL): Promise<number | string> {
		const { context } = fakeContext(parameters, node, executionId);
		const api = new FakeApi(() => empty(), 4, node);
		try {
			await device.sendCommand.prepare.call(context, 0)(api);
			return api.calls.length;
		} catch (error) {
			return (error as Error).message;
		}
	}

	it('counts the calls of one execution together, and refuses the call that would pass the cap before any request', async () => {
		expect([await call('exec-1'), await call('exec-1')]).toEqual([1, 1]);
		expect(await call('exec-1')).toBe('Refused: this tool already sent a destructive action to 2 devices in this execution, and Max Devices Per Run is 2. Nothing was sent.');
		// A harmless command of the same tool still goes.
		expect(await call('exec-1', { ...wipe, command: 'Lock' })).toBe(1);
	});

	it('starts afresh for another execution and another tool', async () => {
		expect([await call('exec-2'), await call('exec-2')]).toEqual([1, 1]);
		expect([await call('exec-3'), await call('exec-3')]).toEqual([1, 1]);
		expect(await call('exec-2', wipe, { ...TOOL, name: 'Another wipe tool' })).toBe(1);
	});

	it("counts the calls without an execution id (an MCP client's) together over the last hour", async () => {
		const mcpTool = { ...TOOL, name: 'Wipe for MCP clients' };
		expect([await call(undefined, wipe, mcpTool), await call(undefined, wipe, mcpTool)]).toEqual([1, 1]);
		expect(await call(undefined, wipe, mcpTool)).toBe(
			'Refused: this tool already sent a destructive action to 2 devices in the last hour (calls from an MCP client count together), and Max Devices Per Run is 2. Nothing was sent.',
		);
	});

	it('counts no dry run, and leaves the node in a workflow to count per run as before', async () => {
		for (let i = 0; i < 3; i++) expect(await call('exec-4', { ...wipe, dryRun: true })).toBe(0);
		expect([await call('exec-4'), await call('exec-4')]).toEqual([1, 1]);
		const inWorkflow = { ...FAKE_NODE, name: 'Wipe in a workflow' };
		expect([await call('exec-5', wipe, inWorkflow), await call('exec-5', wipe, inWorkflow), await call('exec-5', wipe, inWorkflow)]).toEqual([1, 1, 1]);
	});
});
