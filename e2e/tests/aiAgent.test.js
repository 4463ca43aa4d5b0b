'use strict';
// The AI Agent example in real n8n: n8n's AI Agent, its OpenAI Chat Model pointed at a scripted
// OpenAI-compatible server on 127.0.0.1, and the package's tools against the simulator. Asked
// "which profiles are not installed on device SN…?", the scripted model picks the tool whose
// description says it lists a device's profiles, calls it with the serial number from the
// question, and answers from the tool result it was sent; asked about a serial number UEM does not
// know, it answers from the tool's error. The test checks the tools offered, the calls made, what
// the tool returned to the model and the final answers against the simulator's data. A copy with a
// destructive tool (confirmed by a person, at most one device) shows that a model asking for two
// wipes in one answer gets one: the calls of a tool in one execution count together.

const crypto = require('node:crypto');

const { startSimulator } = require('../../simulator');
const { fromAI, toolConnections, toolDescriptionOf, uemToolNode } = require('../lib/aiTools');
const { startFakeChatModel } = require('../lib/fakeChatModel');
const { N8nInstance } = require('../lib/n8n');
const { packPackage } = require('../lib/pack');
const { exampleFor, simulatorCredential } = require('../lib/stage');

const CONFIRMED_INSTALL = 3;
/** UEM's profile status codes by name, to write the answer the model should give. */
const STATUS_NAMES = ['Unknown', 'PendingInstall', 'UnconfirmedInstall', 'ConfirmedInstall', 'PendingRemoval', 'UnconfirmedRemoval', 'ConfirmedRemoval', 'PendingInformation', 'NotSupported', 'Corrupted'];
const QUESTION = /^Which profiles are not installed on device (\S+)\?$/;
const WIPE_REQUEST = /^Enterprise wipe the devices (\S+) and (\S+)\.$/;

const textOf = (content) => (typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join(''));

/**
 * The scripted model. First turn: the tool whose description says it lists the profiles of one
 * device, with the serial number from the question. Once a tool result is in the conversation: an
 * answer built only from that result (the profiles it says are not installed), or from its error.
 */
function script(request) {
	const question = textOf(request.messages.filter((message) => message.role === 'user').at(-1)?.content);
	if (WIPE_REQUEST.test(question)) return wipeScript(request, WIPE_REQUEST.exec(question).slice(1));
	const serial = QUESTION.exec(question)?.[1];
	if (!serial) throw new Error(`unexpected question: ${question}`);
	const result = request.messages.find((message) => message.role === 'tool');
	if (!result) {
		const tool = (request.tools ?? []).map((entry) => entry.function).find((candidate) => /profiles of one device/.test(candidate.description));
		if (!tool) throw new Error(`no tool lists the profiles of a device: ${JSON.stringify(request.tools)}`);
		return { toolCalls: [{ name: tool.name, arguments: { serialNumber: serial } }] };
	}
	// n8n sends the tool's output items as JSON; a failed call as items holding only its error message.
	const text = textOf(result.content);
	let profiles;
	try {
		profiles = JSON.parse(text);
	} catch {
		return { content: `The tool could not answer for ${serial}: ${text}` };
	}
	const failed = profiles.find((item) => typeof item?.error === 'string');
	if (failed) return { content: `The tool could not answer for ${serial}: ${failed.error}` };
	const missing = profiles.filter((profile) => profile.installed === false);
	if (missing.length === 0) return { content: `Every profile is installed on ${serial}.` };
	return { content: `Not installed on ${serial}: ${missing.map((profile) => `${profile.name} (${profile.status})`).join(', ')}.` };
}

/**
 * The scripted model asked to wipe two devices: both calls in one answer, then a summary of what
 * each tool result said.
 */
function wipeScript(request, serials) {
	const results = request.messages.filter((message) => message.role === 'tool');
	if (results.length === 0) {
		const tool = (request.tools ?? []).map((entry) => entry.function).find((candidate) => /^Send a command to one device/.test(candidate.description));
		if (!tool) throw new Error('no tool sends a command to a device');
		return { toolCalls: serials.map((serialNumber) => ({ name: tool.name, arguments: { serialNumber } })) };
	}
	const calls = request.messages.flatMap((message) => message.tool_calls ?? []);
	const outcome = (result) => {
		const [item] = JSON.parse(textOf(result.content));
		return item.error === undefined ? `sent (HTTP ${item.status})` : `refused: ${item.error}`;
	};
	return { content: results.map((result) => `${JSON.parse(calls.find((call) => call.id === result.tool_call_id).function.arguments).serialNumber}: ${outcome(result)}`).join('\n') };
}

/**
 * The shipped example, run headless with `n8n execute`: a chat needs the editor or a public chat
 * page, so in this copy a Manual Trigger starts the run and the node of the Chat Trigger's name
 * gives the chat messages as the Chat Trigger would. The agent, the model and the tools are as shipped.
 */
function headlessCopy(sim, questions) {
	const workflow = exampleFor('aiAgent', sim);
	workflow.id = 'uemAiAgentHeadless';
	const chat = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger');
	const messages = questions.map((chatInput, index) => ({ sessionId: `session-${index}`, action: 'sendMessage', chatInput }));
	Object.assign(chat, { type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: `return ${JSON.stringify(messages)}.map((json) => ({ json }));` } });
	delete chat.webhookId;
	workflow.nodes.push({ id: 'd4b2e1f3-0000-4000-8000-0000000000ff', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [-220, 0], parameters: {} });
	workflow.connections['Run now'] = { main: [[{ node: chat.name, type: 'main', index: 0 }]] };
	return workflow;
}

describe('the AI Agent example in real n8n, with a scripted chat model', () => {
	let sim;
	let n8n;
	let model;
	let device;
	let run;
	let countersAfterQuestions;
	const apiKey = `sk-test-${crypto.randomBytes(12).toString('hex')}`;
	const unknownSerial = 'NO-SUCH-SERIAL';
	const conversation = (serial) => model.requests.filter((request) => textOf(request.messages.find((message) => message.role === 'user')?.content).includes(serial));

	beforeAll(async () => {
		sim = await startSimulator({ devices: 300, tokenLifetimeSeconds: 3600 });
		device = sim.fleet.devices.find((candidate) => candidate.assignments.filter((assignment) => assignment.status !== CONFIRMED_INSTALL).length >= 2);
		model = await startFakeChatModel(script);
		n8n = await N8nInstance.create();
		n8n.installPackage(packPackage());
		const workflow = headlessCopy(sim, [`Which profiles are not installed on device ${device.serialNumber}?`, `Which profiles are not installed on device ${unknownSerial}?`]);
		const openAi = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi').credentials.openAiApi;
		await n8n.importCredentials([simulatorCredential(sim), { id: openAi.id, name: openAi.name, type: 'openAiApi', data: { apiKey, url: model.url, header: false } }]);
		await n8n.importWorkflow(workflow);
		sim.resetCounters();
		const result = await n8n.execute(workflow.id, { timeoutMs: 240_000 });
		if (result.run?.status !== 'success') throw new Error(`the run failed (model: ${model.failures.join('; ')})\n${result.output.slice(-6000)}`);
		run = result.run;
		countersAfterQuestions = sim.snapshot();
	});
	afterAll(async () => {
		await n8n?.dispose();
		await model?.close();
		await sim?.close();
	});

	it("offered the model the package's tools with their descriptions and the arguments each takes", () => {
		expect(model.failures).toEqual([]);
		const offered = Object.fromEntries(conversation(device.serialNumber)[0].tools.map((tool) => [tool.function.name, tool.function]));
		expect(Object.keys(offered).sort()).toEqual(['Devices_where_a_profile_is_not_installed', 'Find_device_by_serial_number', 'Profiles_of_a_device']);
		expect(offered.Profiles_of_a_device.description).toBe(toolDescriptionOf('profile', 'getStatus'));
		expect(Object.keys(offered.Profiles_of_a_device.parameters.properties)).toEqual(['serialNumber']);
		expect(offered.Devices_where_a_profile_is_not_installed.description).toBe(toolDescriptionOf('profile', 'getFleetStatus'));
	});

	it("made one call of the profile tool with the question's serial number, and sent the model the simulator's profiles of that device", () => {
		const [first, second, ...rest] = conversation(device.serialNumber);
		expect(rest).toEqual([]);
		const calls = second.messages.filter((message) => message.role === 'assistant').flatMap((message) => message.tool_calls ?? []);
		// n8n's agent adds the call's id to the arguments it sends back.
		expect(calls.map((call) => [call.function.name, JSON.parse(call.function.arguments)])).toEqual([['Profiles_of_a_device', { serialNumber: device.serialNumber, id: calls[0].id }]]);
		expect(first.messages.some((message) => message.role === 'tool')).toBe(false);
		const sent = JSON.parse(textOf(second.messages.find((message) => message.role === 'tool').content));
		expect(sent.map((profile) => [profile.deviceId, profile.name, profile.installed])).toEqual(
			device.assignments.map((assignment) => [device.id, assignment.profile.name, assignment.status === CONFIRMED_INSTALL]),
		);
		expect(sent.filter((profile) => 'raw' in profile)).toEqual([]);
	});

	it("answers which profiles are not installed on the device, as the simulator has them", () => {
		const answers = run.data.resultData.runData['AI Agent'][0].data.main[0].map((item) => item.json.output);
		const missing = device.assignments.filter((assignment) => assignment.status !== CONFIRMED_INSTALL);
		expect(answers[0]).toBe(`Not installed on ${device.serialNumber}: ${missing.map((assignment) => `${assignment.profile.name} (${STATUS_NAMES[assignment.status]})`).join(', ')}.`);
	});

	it("answers from the tool's error when UEM has no such device", () => {
		const answers = run.data.resultData.runData['AI Agent'][0].data.main[0].map((item) => item.json.output);
		// The model is sent only the error's message: it holds what to do.
		expect(answers[1]).toMatch(new RegExp(`^The tool could not answer for ${unknownSerial}: Device not found: no device with Serial Number "${unknownSerial}"\\. UEM has no device with this Serial Number\\. Check it with the user`));
		const toolText = textOf(conversation(unknownSerial)[1].messages.find((message) => message.role === 'tool').content);
		expect(JSON.parse(toolText)).toEqual([{ error: expect.stringContaining('Check it with the user') }]);
	});

	it('lets a model that asks for two wipes in one answer wipe one device, when the person who confirmed the tool allowed one', async () => {
		const [first, second] = [sim.fleet.devices[30], sim.fleet.devices[31]];
		const workflow = headlessCopy(sim, [`Enterprise wipe the devices ${first.serialNumber} and ${second.serialNumber}.`]);
		workflow.id = 'uemAiAgentWipes';
		const tool = uemToolNode('Enterprise wipe a device', {
			resource: 'device',
			operation: 'sendCommand',
			device: { __rl: true, mode: 'serialNumber', value: fromAI('serialNumber', 'The serial number of the device') },
			command: 'EnterpriseWipe',
			dryRun: false,
			allowAsTool: true,
			confirmDestructive: 'Enterprise Wipe',
			maxDevicesPerRun: 1,
		});
		workflow.nodes.push(tool);
		Object.assign(workflow.connections, toolConnections([tool], 'AI Agent'));
		await n8n.importWorkflow(workflow);
		const before = model.requests.length;
		const { run: wipes } = await n8n.execute(workflow.id, { timeoutMs: 240_000 });
		expect(wipes.status).toBe('success');

		const [, summary] = model.requests.slice(before);
		expect(summary.messages.filter((message) => message.role === 'tool')).toHaveLength(2);
		const wiped = sim.commands.entries.filter((entry) => entry.command === 'EnterpriseWipe').map((entry) => entry.deviceId);
		expect(wiped).toHaveLength(1);
		expect([first.id, second.id]).toContain(wiped[0]);
		const [sparedSerial] = [first, second].filter((candidate) => candidate.id !== wiped[0]).map((candidate) => candidate.serialNumber);
		const answer = wipes.data.resultData.runData['AI Agent'][0].data.main[0][0].json.output;
		expect(answer).toContain(`${sparedSerial}: refused: Refused: this tool already sent a destructive action to 1 device in this execution, and Max Devices Per Run is 1. Nothing was sent.`);
		expect(answer).toMatch(/: sent \(HTTP 202\)/);
	});

	it('asked UEM only what the two questions needed, with one token', () => {
		const counters = countersAfterQuestions;
		expect(counters.tokenExchanges).toBe(1);
		// One profile listing per question (the unknown serial number's answered 404).
		expect(Object.values(counters.byRoute).reduce((sum, count) => sum + count, 0)).toBe(2);
	});
});
