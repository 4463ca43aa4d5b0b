'use strict';
// The node as tools of n8n's MCP Server Trigger, called by a real MCP client (the official SDK,
// streamable HTTP) in real n8n against the simulator: the shipped example (read-only tools behind a
// bearer token) lists its tools with the package's descriptions and answers a device lookup by
// serial number, a profile status, a fleet status and a user's devices with the simulator's data.
// A second workflow holds write tools, to show the guardrails end to end: a write is refused
// unless a person allowed it on the node, and a destructive one also needs its confirmation and
// cap typed by that person (one a model fills in refuses the call); nothing refused reaches UEM.

const crypto = require('node:crypto');

const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

const { startSimulator } = require('../../simulator');
const { activateWorkflow, fromAI, toolConnections, toolDescriptionOf, uemToolNode, until } = require('../lib/aiTools');
const { N8nInstance } = require('../lib/n8n');
const { packPackage } = require('../lib/pack');
const { exampleFor, simulatorCredential, WORKFLOWS } = require('../lib/stage');

const CONFIRMED_INSTALL = 3;
const WRITES_PATH = 'workspace-one-uem-writes';
const CALL_TIMEOUT_MS = 60_000;

const bySerial = fromAI('serialNumber', 'The serial number of the device');
const device = { __rl: true, mode: 'serialNumber', value: bySerial };
const command = (name, extra = {}) => ({ resource: 'device', operation: 'sendCommand', device, command: name, dryRun: false, ...extra });

/** Write tools, each set up as a person would (or would not) allow it. */
function writesWorkflow(bearerCredential) {
	const tools = [
		uemToolNode('Lock device', command('Lock'), 1),
		uemToolNode('Sync device', command('SyncDevice', { allowAsTool: true }), 2),
		uemToolNode('Enterprise wipe confirmed by a person', command('EnterpriseWipe', { allowAsTool: true, confirmDestructive: 'Enterprise Wipe', maxDevicesPerRun: 1 }), 3),
		uemToolNode('Enterprise wipe without confirmation', command('EnterpriseWipe', { allowAsTool: true }), 4),
		uemToolNode('Enterprise wipe confirmed by the model', command('EnterpriseWipe', { allowAsTool: true, confirmDestructive: fromAI('confirmation', 'Type Enterprise Wipe to confirm') }), 5),
		uemToolNode('Device wipe capped by the model', command('DeviceWipe', { allowAsTool: true, confirmDestructive: 'Device Wipe', maxDevicesPerRun: fromAI('maxDevices', 'How many devices may be wiped', 'number') }), 6),
	];
	const trigger = {
		id: 'a1f0c0de-0000-4000-8000-0000000000ff',
		name: 'Write tools',
		type: '@n8n/n8n-nodes-langchain.mcpTrigger',
		typeVersion: 2,
		position: [600, 0],
		webhookId: 'a1f0c0de-0000-4000-8000-0000000000aa',
		parameters: { authentication: 'bearerAuth', path: WRITES_PATH },
		credentials: bearerCredential,
	};
	return { id: 'uemMcpWrites', name: 'MCP write tools (test)', active: false, nodes: [trigger, ...tools], connections: toolConnections(tools, trigger.name), settings: { executionOrder: 'v1' } };
}

async function connect(url, token) {
	const client = new Client({ name: 'uem-e2e', version: '1.0.0' });
	await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
	return client;
}

/** A tool's answer: its text, parsed when it is JSON, and whether MCP marks it an error. */
async function call(client, name, args) {
	const result = await client.callTool({ name, arguments: args }, undefined, { timeout: CALL_TIMEOUT_MS });
	const text = result.content.map((part) => part.text).join('\n');
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { isError: result.isError === true, text, json };
}

describe('Workspace ONE UEM tools through the MCP Server Trigger, from a real MCP client', () => {
	let sim;
	let n8n;
	let reads;
	let writes;
	const token = crypto.randomBytes(24).toString('base64url');
	const answers = [];
	const remember = (answer) => (answers.push(answer.text), answer);
	const shipped = () => exampleFor('mcpServer', sim);
	const mcpUrl = (workflow) => `${n8n.url}/mcp/${workflow.nodes.find((node) => node.type.endsWith('mcpTrigger')).parameters.path}`;

	beforeAll(async () => {
		sim = await startSimulator({ devices: 300, tokenLifetimeSeconds: 3600 });
		n8n = await N8nInstance.create();
		n8n.installPackage(packPackage());
		const example = shipped();
		const bearer = example.nodes.find((node) => node.type.endsWith('mcpTrigger')).credentials.httpBearerAuth;
		await n8n.importCredentials([simulatorCredential(sim), { id: bearer.id, name: bearer.name, type: 'httpBearerAuth', data: { token } }]);
		await n8n.importWorkflow(example);
		await n8n.importWorkflow(writesWorkflow({ httpBearerAuth: bearer }));
		await n8n.start();
		await n8n.signIn();
		await activateWorkflow(n8n, WORKFLOWS.mcpServer.id);
		await activateWorkflow(n8n, 'uemMcpWrites');
		// The MCP endpoints answer once n8n has registered the activated workflows' webhooks.
		await until('the MCP endpoints', async () => {
			reads ??= await connect(mcpUrl(example), token);
			writes ??= await connect(`${n8n.url}/mcp/${WRITES_PATH}`, token);
			return true;
		}).catch((error) => {
			throw new Error(`${error.message}\n${n8n.serverLog()}`);
		});
	});
	afterAll(async () => {
		await reads?.close();
		await writes?.close();
		await n8n?.dispose();
		await sim?.close();
	});

	it('lists the read-only tools of the example with the descriptions the package writes for a model, and no write tool', async () => {
		const { tools } = await reads.listTools();
		expect(tools.map((tool) => tool.name).sort()).toEqual(['Devices_of_a_user_by_email', 'Devices_where_a_profile_is_not_installed', 'Find_device_by_serial_number', 'Profiles_of_a_device']);
		const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
		expect(byName.Find_device_by_serial_number.description).toBe(toolDescriptionOf('device', 'get'));
		expect(byName.Profiles_of_a_device.description).toBe(toolDescriptionOf('profile', 'getStatus'));
		expect(byName.Devices_where_a_profile_is_not_installed.description).toBe(toolDescriptionOf('profile', 'getFleetStatus'));
		expect(byName.Devices_of_a_user_by_email.description).toBe(toolDescriptionOf('user', 'search'));
		// The arguments the model fills are the $fromAI() keys of each tool, with their descriptions.
		expect(byName.Profiles_of_a_device.inputSchema).toMatchObject({ type: 'object', properties: { serialNumber: { type: 'string', description: expect.stringContaining('serial number') } }, required: ['serialNumber'] });
		expect(Object.keys(byName.Devices_where_a_profile_is_not_installed.inputSchema.properties)).toEqual(['profileName']);
		expect(Object.keys(byName.Devices_of_a_user_by_email.inputSchema.properties)).toEqual(['email']);
	});

	it("looks a device up by serial number: the simulator's device, in Simplify's few fields", async () => {
		const wanted = sim.fleet.devices[42];
		const answer = remember(await call(reads, 'Find_device_by_serial_number', { serialNumber: wanted.serialNumber }));
		expect(answer.isError).toBe(false);
		expect(answer.json).toEqual([
			expect.objectContaining({ deviceId: wanted.id, serialNumber: wanted.serialNumber, userName: wanted.userName, userEmail: wanted.email, platform: wanted.platform, model: wanted.model, complianceStatus: wanted.compliance }),
		]);
		expect(Object.keys(answer.json[0])).toHaveLength(16);
	});

	it("gives a device's profiles with their install status, without UEM's raw records", async () => {
		const wanted = sim.fleet.devices.find((candidate) => candidate.assignments.some((assignment) => assignment.status !== CONFIRMED_INSTALL));
		const answer = remember(await call(reads, 'Profiles_of_a_device', { serialNumber: wanted.serialNumber }));
		expect(answer.isError).toBe(false);
		expect(answer.json.map((item) => [item.deviceId, item.profileId, item.name, item.installed])).toEqual(
			wanted.assignments.map((assignment) => [wanted.id, assignment.profile.id, assignment.profile.name, assignment.status === CONFIRMED_INSTALL]),
		);
		expect(answer.json.filter((item) => 'raw' in item)).toEqual([]);
	});

	it('finds every device where a profile named by the model is not installed, and refuses an unknown name with the names UEM knows', async () => {
		const profileName = 'VPN - Always On';
		const expected = sim.fleet.notInstalled().filter((pair) => pair.profileName === profileName);
		expect(expected.length).toBeGreaterThan(0);
		const answer = remember(await call(reads, 'Devices_where_a_profile_is_not_installed', { profileName }));
		expect(answer.isError).toBe(false);
		expect(answer.json.map((item) => [item.deviceId, item.profileId, item.installed])).toEqual(expected.map((pair) => [pair.deviceId, pair.profileId, false]));

		const unknown = remember(await call(reads, 'Devices_where_a_profile_is_not_installed', { profileName: 'VPN' }));
		expect(unknown.isError).toBe(true);
		expect(unknown.text).toContain('No profile with the name "VPN"');
		expect(unknown.text).toContain('"VPN - Always On"');
	});

	it("finds a person's devices from their email address", async () => {
		const wanted = sim.fleet.devices[7];
		const answer = remember(await call(reads, 'Devices_of_a_user_by_email', { email: wanted.email }));
		expect(answer.isError).toBe(false);
		const user = answer.json.find((candidate) => candidate.email === wanted.email);
		expect(user).toMatchObject({ userName: wanted.userName });
		expect(user.devices.map((owned) => owned.serialNumber)).toContain(wanted.serialNumber);
	});

	it('tells the model plainly when no device has the serial number it gave', async () => {
		const answer = remember(await call(reads, 'Find_device_by_serial_number', { serialNumber: 'NO-SUCH-SERIAL' }));
		expect(answer.isError).toBe(true);
		expect(answer.text).toContain('Device not found: no device with Serial Number "NO-SUCH-SERIAL"');
		expect(answer.text).toContain('Check it with the user');
	});

	it('answers no client without the bearer token', async () => {
		const response = await fetch(mcpUrl(shipped()), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
			body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'stranger', version: '1' } } }),
		});
		expect([401, 403]).toContain(response.status);
	});

	it('refuses a write a person did not allow on the tool, and sends one that was allowed, once', async () => {
		const [locked, synced] = [sim.fleet.devices[10], sim.fleet.devices[11]];
		const refused = remember(await call(writes, 'Lock_device', { serialNumber: locked.serialNumber }));
		expect(refused.isError).toBe(true);
		expect(refused.text).toContain('Lock is a write, and writes are off when the node is an AI tool');
		expect(refused.text).toContain('Only a person can allow it, by turning on "Allow When Used as a Tool" on this tool in n8n');
		expect(refused.text).toContain('Tell the user; retrying with other arguments will not help.');

		const sent = remember(await call(writes, 'Sync_device', { serialNumber: synced.serialNumber }));
		expect(sent.isError).toBe(false);
		expect(sent.json).toEqual([{ command: 'SyncDevice', device: { serialNumber: synced.serialNumber }, sent: `POST /api/mdm/devices/commands?command=SyncDevice&searchby=Serialnumber&id=${synced.serialNumber}`, status: 202 }]);
		expect(sim.commands.entries.map((entry) => [entry.deviceId, entry.command])).toEqual([[synced.id, 'SyncDevice']]);
	});

	it('refuses a destructive tool whose confirmation or cap a model would fill in, or that nobody confirmed; sends one a person confirmed', async () => {
		const target = sim.fleet.devices[20];
		const before = sim.commands.entries.length;
		const unconfirmed = remember(await call(writes, 'Enterprise_wipe_without_confirmation', { serialNumber: target.serialNumber }));
		expect(unconfirmed.isError).toBe(true);
		expect(unconfirmed.text).toContain('Enterprise Wipe is destructive and not confirmed: nothing was sent');
		expect(unconfirmed.text).toContain('Only a person can confirm it');

		const byModel = remember(await call(writes, 'Enterprise_wipe_confirmed_by_the_model', { serialNumber: target.serialNumber, confirmation: 'Enterprise Wipe' }));
		expect(byModel.isError).toBe(true);
		expect(byModel.text).toContain('Refused: Confirm Destructive Action is an expression. Nothing was sent.');

		const capByModel = remember(await call(writes, 'Device_wipe_capped_by_the_model', { serialNumber: target.serialNumber, maxDevices: 100 }));
		expect(capByModel.isError).toBe(true);
		expect(capByModel.text).toContain('Refused: Max Devices Per Run is an expression. Nothing was sent.');
		expect(sim.commands.entries.length).toBe(before);

		const confirmed = remember(await call(writes, 'Enterprise_wipe_confirmed_by_a_person', { serialNumber: target.serialNumber }));
		expect(confirmed.isError).toBe(false);
		expect(sim.commands.entries.slice(before).map((entry) => [entry.deviceId, entry.command])).toEqual([[target.id, 'EnterpriseWipe']]);
	});

	it("counts an MCP client's destructive calls of one tool together, over the last hour: the second wipe past a cap of 1 is refused", async () => {
		// n8n runs an MCP tool before any execution exists, so each call is a run of its own; the
		// tool's sends of the last hour count against Max Devices Per Run instead.
		const next = sim.fleet.devices[21];
		const before = sim.commands.entries.length;
		const again = remember(await call(writes, 'Enterprise_wipe_confirmed_by_a_person', { serialNumber: next.serialNumber }));
		expect(again.isError).toBe(true);
		expect(again.text).toContain('Refused: this tool already sent a destructive action to 1 device in the last hour (calls from an MCP client count together), and Max Devices Per Run is 1. Nothing was sent.');
		expect(sim.commands.entries.length).toBe(before);
	});

	it('never shows the client secret or a token in what the tools answered', () => {
		if (process.env.UEM_E2E_SHOW_ANSWERS === '1') process.stderr.write(`${answers.join('\n---\n')}\n`);
		expect(answers.length).toBeGreaterThanOrEqual(10);
		const secrets = [sim.clients[0].clientSecret, ...sim.tokenService.issuedTokens()];
		for (const text of answers) for (const secret of secrets) expect(text.includes(secret)).toBe(false);
	});
});
