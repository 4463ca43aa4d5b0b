// Device › Send Message and Send Command's Note on Device through n8n's engine against the
// simulator: each user gets the message once on the channel chosen; a user UEM cannot reach that
// way is UEM's error for that device only; a command's note lands on the device's record.
import type { INodeExecutionData } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { useFastRetries } from '../harness/fastRetries';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('Device › Send Message, and a note with a command', () => {
	useFastRetries();
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 60, seed: 31 });
	});
	afterEach(async () => await sim.close());

	const run = async (input: Array<Record<string, unknown>>, parameters: Record<string, unknown>) =>
		await runWorkflow({
			steps: [{ parameters: { resource: 'device', dryRun: false, ...parameters }, continueOnFail: true }],
			credentials: simulatorCredentials(sim),
			input,
		});
	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

	it("emails each device's user once, by the device a search item names, with no expression typed", async () => {
		const devices = sim.fleet.devices.slice(0, 3);
		const result = await run(
			devices.map((device) => ({ Id: { Value: device.id } })),
			{ operation: 'sendMessage', channel: 'email', subject: 'Your laptop', message: 'Please bring it to IT on Friday.' },
		);
		expect(json(result.items).map((item) => [item.deviceId, item.status])).toEqual(devices.map((device) => [device.id, 202]));
		expect(sim.messages.map(({ deviceId, channel, to, subject, body }) => ({ deviceId, channel, to, subject, body }))).toEqual(
			devices.map((device) => ({ deviceId: device.id, channel: 'email', to: device.email, subject: 'Your laptop', body: 'Please bring it to IT on Friday.' })),
		);
	});

	it('gives an SMS to a user without a phone number its own error; the others get theirs', async () => {
		const withPhone = sim.fleet.devices.find((device) => device.phoneNumber !== '')!;
		const without = sim.fleet.devices.find((device) => device.phoneNumber === '')!;
		const result = await run(
			[withPhone, without].map((device) => ({ SerialNumber: device.serialNumber })),
			{ operation: 'sendMessage', channel: 'sms', message: 'Call IT', deviceIdType: 'serialNumber', deviceIdValue: '={{ $json.SerialNumber }}' },
		);
		expect(json(result.items)).toEqual([
			expect.objectContaining({ channel: 'sms', deviceId: withPhone.id, status: 202 }),
			expect.objectContaining({ error: expect.stringMatching(new RegExp(`^SMS to Serial Number ${without.serialNumber}: .*no phone number`)), httpCode: 400 }),
		]);
		expect(sim.messages.map((message) => [message.deviceId, message.to])).toEqual([[withPhone.id, withPhone.phoneNumber]]);
	});

	it("writes a command's note on the device's record after the command, once", async () => {
		const device = sim.fleet.devices[7];
		const result = await run([{}], {
			operation: 'sendCommand',
			command: 'Lock',
			deviceIdType: 'serialNumber',
			deviceIdValue: device.serialNumber,
			options: { note: 'Reported stolen, ticket SEC-42' },
		});
		expect(json(result.items)).toEqual([expect.objectContaining({ deviceId: device.id, status: 202, note: expect.objectContaining({ added: true, text: 'Reported stolen, ticket SEC-42' }) })]);
		expect(sim.commands.of(device.id)).toEqual(['Lock', 'Note']);
		expect(device.notes.map((note) => note.text)).toEqual(['Reported stolen, ticket SEC-42']);
	});
});
