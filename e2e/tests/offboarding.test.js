'use strict';
// The offboarding example in real n8n against the simulator: an email names a leaver; as shipped
// the run is a dry run that sends nothing and lists each of the user's devices with the wipe its
// ownership calls for; with Dry Run off each device gets exactly that wipe once, Slack hears of
// it, and a leaver with more devices than the cap gets nothing at all.

const { startSimulator } = require('../../simulator');
const { N8nInstance } = require('../lib/n8n');
const { packPackage } = require('../lib/pack');
const { exampleFor, simulatorCredential } = require('../lib/stage');

const ENTERPRISE_WIPE = 'Enterprise Wipe (employee-owned)';
const DEVICE_WIPE = 'Device Wipe (corporate and shared)';
const HR = 'HR Team <hr@example.com>';
const NOTE = 'Offboarding of jdoe, wiped by the n8n offboarding workflow';

function outputOf(run, node) {
	return run.data.resultData.runData[node][0].data.main[0].map((item) => item.json);
}

/**
 * The shipped example, staged for `n8n execute`: its Email Trigger (IMAP) cannot run here (there
 * is no mail server, and a CLI run starts from a Manual Trigger), so in this copy a Manual Trigger
 * starts the run and the node of the trigger's name gives the emails as the IMAP node's Simple
 * format does. Everything after the trigger is the shipped workflow; `dryRun: false` is the only
 * other change, and only where a test asks for it.
 */
function stagedCopy(sim, id, emails, { dryRun } = {}) {
	const workflow = exampleFor('offboarding', sim);
	workflow.id = id;
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.emailReadImap');
	Object.assign(trigger, {
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { jsCode: `return ${JSON.stringify(emails)}.map((json) => ({ json }));` },
	});
	workflow.nodes.push({ id: 'e9c3a4d5-0008-4d9f-9a00-0000000000ff', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [-220, 200], parameters: {} });
	workflow.connections['Run now'] = { main: [[{ node: trigger.name, type: 'main', index: 0 }]] };
	if (dryRun !== undefined) for (const name of [ENTERPRISE_WIPE, DEVICE_WIPE]) workflow.nodes.find((node) => node.name === name).parameters.dryRun = dryRun;
	return workflow;
}

describe('offboarding example in real n8n', () => {
	let sim;
	let n8n;
	let leaver;
	let colleague;
	let strangersTarget;
	/** One from HR naming jdoe in the subject, one from HR naming a user without devices in the body, one from a stranger. */
	let emails;
	const posted = () => sim.slack.messages.map((message) => message.text);
	const line = (device, ownership, wipe) => `\u2022 jdoe: ${device.model} ${device.serialNumber} (device ${device.id}, ${ownership}): ${wipe}`;

	beforeAll(async () => {
		sim = await startSimulator({ devices: 200, tokenLifetimeSeconds: 3600 });
		// The simulated fleet gives every user one device: give the leaver one of each ownership,
		// and a colleague whose name contains theirs (UEM's user filter finds both).
		leaver = {
			employee: sim.fleet.enrol({ userName: 'jdoe', ownership: 'E', platform: 'Apple' }),
			corporate: sim.fleet.enrol({ userName: 'jdoe', ownership: 'C', platform: 'WinRT' }),
			shared: sim.fleet.enrol({ userName: 'jdoe', ownership: 'S', platform: 'Android' }),
			unknown: sim.fleet.enrol({ userName: 'jdoe', ownership: 'Undefined', platform: 'Apple' }),
		};
		colleague = sim.fleet.enrol({ userName: 'jdoe2', ownership: 'C' });
		strangersTarget = sim.fleet.devices[0];
		emails = [
			{ subject: 'Offboarding: jdoe', from: HR, to: 'offboarding@example.com', textPlain: 'Last day was Friday.', metadata: {}, attributes: { uid: 41 } },
			{ subject: 'Offboarding request', from: HR, to: 'offboarding@example.com', textPlain: 'Hello,\nUser: ghost\nThanks', metadata: {}, attributes: { uid: 42 } },
			{ subject: `Offboarding: ${strangersTarget.userName}`, from: 'Mallory <mallory@example.net>', to: 'offboarding@example.com', textPlain: '', metadata: {}, attributes: { uid: 43 } },
		];
		n8n = await N8nInstance.create();
		n8n.installPackage(packPackage());
		await n8n.importCredentials([simulatorCredential(sim)]);
		// The shipped file as it is (Email Trigger and all) imports; the runs use staged copies.
		await n8n.importWorkflow(exampleFor('offboarding', sim));
	});
	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	it('ships with Dry Run on, each wipe confirmed by its name and capped at 10 devices, after an Email Trigger (IMAP)', () => {
		const shipped = exampleFor('offboarding', sim);
		expect(shipped.nodes.find((node) => node.name === 'Offboarding email').type).toBe('n8n-nodes-base.emailReadImap');
		const guards = (name) => {
			const { command, dryRun, confirmDestructive, maxDevicesPerRun, deviceIdValue } = shipped.nodes.find((node) => node.name === name).parameters;
			return { command, dryRun, confirmDestructive, maxDevicesPerRun, deviceIdValue };
		};
		// No Device field: its default reads the ID of each Device Search item.
		expect(guards(ENTERPRISE_WIPE)).toEqual({ command: 'EnterpriseWipe', dryRun: true, confirmDestructive: 'Enterprise Wipe', maxDevicesPerRun: 10, deviceIdValue: undefined });
		expect(guards(DEVICE_WIPE)).toEqual({ command: 'DeviceWipe', dryRun: true, confirmDestructive: 'Device Wipe', maxDevicesPerRun: 10, deviceIdValue: undefined });
	});

	it("as shipped, a dry run: nothing reaches UEM, each of the leaver's devices is listed with the wipe its ownership calls for", async () => {
		await n8n.importWorkflow(stagedCopy(sim, 'uemOffboardingDryRun', emails));
		const before = posted().length;
		const { run, output } = await n8n.execute('uemOffboardingDryRun');
		expect(run?.status).toBe('success');
		if (run.status !== 'success') throw new Error(output.slice(-3000));

		expect(sim.commands.entries).toEqual([]);
		const wouldSend = (device, command) => ({
			dryRun: true,
			command,
			device: { deviceId: String(device.id) },
			deviceId: device.id,
			wouldSend: `POST /api/mdm/devices/${device.id}/commands?command=${command}`,
			wouldAddNote: `POST /api/mdm/devices/${device.id}/notes`,
			note: NOTE,
		});
		expect(outputOf(run, ENTERPRISE_WIPE)).toEqual([wouldSend(leaver.employee, 'EnterpriseWipe')]);
		expect(outputOf(run, DEVICE_WIPE)).toEqual([wouldSend(leaver.corporate, 'DeviceWipe'), wouldSend(leaver.shared, 'DeviceWipe')]);
		// The colleague whose name contains "jdoe" was found by UEM's search, and dropped.
		expect(outputOf(run, 'Their devices').map((device) => device.Id.Value)).toContain(colleague.id);
		expect(outputOf(run, "Only this user's devices").map((item) => item.Id?.Value ?? item)).toEqual([
			leaver.employee.id,
			leaver.corporate.id,
			leaver.shared.id,
			leaver.unknown.id,
			{ offboardedUser: 'ghost', noDevice: true },
		]);

		expect(posted().slice(before)).toEqual([
			[
				':eyes: Workspace ONE UEM offboarding of jdoe, ghost (dry run): would wipe 3 devices (Enterprise Wipe 1, Device Wipe 2). Turn off Dry Run in "Enterprise Wipe (employee-owned)" and "Device Wipe (corporate and shared)" to send.',
				line(leaver.employee, 'employee-owned', 'Enterprise Wipe'),
				line(leaver.corporate, 'corporate', 'Device Wipe'),
				line(leaver.shared, 'corporate shared', 'Device Wipe'),
				`:warning: jdoe: ${leaver.unknown.model} ${leaver.unknown.serialNumber} (device ${leaver.unknown.id}, ownership "Undefined"): not wiped, its ownership is neither employee nor corporate: decide by hand`,
				':grey_question: ghost: no device enrolled by this user name',
				`:no_entry: Not acted on: "Offboarding: ${strangersTarget.userName}" from Mallory <mallory@example.net>: the sender may not offboard users (ALLOWED_SENDERS in "User to offboard")`,
			].join('\n'),
		]);
	});

	it('with Dry Run off: each device gets its wipe exactly once, its enrollment shows the wipe pending, and Slack gets one message naming them', async () => {
		await n8n.importWorkflow(stagedCopy(sim, 'uemOffboardingForReal', emails, { dryRun: false }));
		const before = posted().length;
		const { run, output } = await n8n.execute('uemOffboardingForReal');
		expect(run?.status).toBe('success');
		if (run.status !== 'success') throw new Error(output.slice(-3000));

		// Each wipe once, then the note saying why on the device's record.
		expect(sim.commands.of(leaver.employee.id)).toEqual(['EnterpriseWipe', 'Note']);
		expect(sim.commands.of(leaver.corporate.id)).toEqual(['DeviceWipe', 'Note']);
		expect(sim.commands.of(leaver.shared.id)).toEqual(['DeviceWipe', 'Note']);
		for (const untouched of [leaver.unknown, colleague, strangersTarget]) expect(sim.commands.of(untouched.id)).toEqual([]);
		expect(sim.commands.entries).toHaveLength(6);
		for (const wiped of [leaver.employee, leaver.corporate, leaver.shared]) expect(sim.fleet.find('id', wiped.id).notes.map((note) => note.text)).toEqual([NOTE]);
		expect([leaver.employee, leaver.corporate, leaver.shared, leaver.unknown, colleague].map((device) => sim.fleet.find('id', device.id).enrollment)).toEqual([
			'EnterpriseWipePending',
			'DeviceWipePending',
			'DeviceWipePending',
			undefined,
			undefined,
		]);
		const outcome = (item) => [item.deviceId, item.command, item.status, item.note.added];
		expect(outputOf(run, ENTERPRISE_WIPE).map(outcome)).toEqual([[leaver.employee.id, 'EnterpriseWipe', 202, true]]);
		expect(outputOf(run, DEVICE_WIPE).map(outcome)).toEqual([
			[leaver.corporate.id, 'DeviceWipe', 202, true],
			[leaver.shared.id, 'DeviceWipe', 202, true],
		]);

		const messages = posted().slice(before);
		expect(messages).toHaveLength(1);
		const lines = messages[0].split('\n');
		expect(lines[0]).toBe(':wastebasket: Workspace ONE UEM offboarding of jdoe, ghost: sent a wipe to 3 devices (Enterprise Wipe 1, Device Wipe 2).');
		expect(lines.slice(1, 4)).toEqual([
			line(leaver.employee, 'employee-owned', 'Enterprise Wipe'),
			line(leaver.corporate, 'corporate', 'Device Wipe'),
			line(leaver.shared, 'corporate shared', 'Device Wipe'),
		]);
	});

	it('a leaver with more devices than Max Devices Per Run: the run is refused before its first request, and Slack says why', async () => {
		const pool = Array.from({ length: 11 }, () => sim.fleet.enrol({ userName: 'kiosk.lead', ownership: 'S' }));
		const sentBefore = sim.commands.entries.length;
		await n8n.importWorkflow(stagedCopy(sim, 'uemOffboardingOverCap', [{ subject: 'Offboarding: kiosk.lead', from: HR, textPlain: '' }], { dryRun: false }));
		const before = posted().length;
		const { run, output } = await n8n.execute('uemOffboardingOverCap');
		expect(run?.status).toBe('success');
		if (run.status !== 'success') throw new Error(output.slice(-3000));

		expect(sim.commands.entries).toHaveLength(sentBefore);
		for (const device of pool) expect(sim.fleet.find('id', device.id).enrollment).toBeUndefined();
		expect(posted().slice(before)).toEqual([
			[
				':wastebasket: Workspace ONE UEM offboarding of kiosk.lead: wiped nothing, 11 failed.',
				':x: Refused: this run would send a destructive action to 11 devices, more than Max Devices Per Run (10). Nothing was sent. (11 devices)',
			].join('\n'),
		]);
	});
});
