'use strict';
// The AI Agent example in real n8n: n8n's AI Agent, its OpenAI Chat Model pointed at a scripted
// OpenAI-compatible server on 127.0.0.1, and the package's tools against the simulator. Asked
// "which profiles are not installed on device SN…?", the scripted model picks the tool whose
// description says it lists a device's profiles, calls it with the serial number from the
// question, and answers from the tool result it was sent; asked about a serial number UEM does not
// know, it answers from the tool's error. The test checks the tools offered, the calls made, what
// the tool returned to the model and the final answers against the simulator's data.

const crypto = require('node:crypto');

const { startSimulator } = require('../../simulator');
const { toolDescriptionOf } = require('../lib/aiTools');
const { startFakeChatModel } = require('../lib/fakeChatModel');
const { N8nInstance } = require('../lib/n8n');
const { packPackage } = require('../lib/pack');
const { exampleFor, simulatorCredential } = require('../lib/stage');

const CONFIRMED_INSTALL = 3;
/** UEM's profile status codes by name, to write the answer the model should give. */
const STATUS_NAMES = ['Unknown', 'PendingInstall', 'UnconfirmedInstall', 'ConfirmedInstall', 'PendingRemoval', 'UnconfirmedRemoval', 'ConfirmedRemoval', 'PendingInformation', 'NotSupported', 'Corrupted'];
const QUESTION = /^Which profiles are not installed on device (\S+)\?$/;

const textOf = (content) => (typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join(''));

/**
 * The scripted model. First turn: the tool whose description says it lists the profiles of one
 * device, with the serial number from the question. Once a tool result is in the conversation: an
 * answer built only from that result (the profiles it says are not installed), or from its error.
 */
function script(request) {
	const question = textOf(request.messages.filter((message) => message.role === 'user').at(-1)?.content);
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

	it('asked UEM only what the two questions needed, with one token', () => {
		const counters = sim.snapshot();
		expect(counters.tokenExchanges).toBe(1);
		// One profile listing per question (the unknown serial number's answered 404).
		expect(Object.values(counters.byRoute).reduce((sum, count) => sum + count, 0)).toBe(2);
	});
});
