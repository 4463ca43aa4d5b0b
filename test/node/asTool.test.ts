// The node as an AI tool, run through n8n's engine against the simulator: a failed call's message
// carries what to do about it, because n8n's AI Agent sends a model only the message of a tool's
// error (an MCP client gets its description too, which n8n then does not repeat).
import { startSimulator } from '../../simulator';
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
