// Registration through UEM's Event Notifications API, as n8n activates and deactivates the Event
// Trigger (checkExists → create, delete), against the simulator in both readings of a target's
// unconfirmed field names: the registration UEM keeps, the pair it is given and what static data
// holds of it, a changed choice of events, a registration deleted in the console, the editor's test
// URL beside the production one, refusals that point to Manual registration, and http refused.
import { REGISTRATIONS_KEY } from '../../nodes/WorkspaceOneUem/events/registrationState';
import { startSimulator } from '../../simulator';
import { EventTriggerHarness } from '../harness/eventTrigger';
import { json, startServer } from '../harness/loopbackServers';
import { loopbackCredentials, simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const WIPES = { events: ['deviceWiped', 'enterpriseWipeRequested', 'deviceUnenrolled'] };

describe.each(['flags', 'list'] as const)('registration, the simulator reading target fields as "%s"', (reading) => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 50, eventNotificationReading: reading });
	});
	afterAll(async () => await sim.close());

	const trigger = (parameters: Record<string, unknown> = WIPES, options: Partial<ConstructorParameters<typeof EventTriggerHarness>[0]> = {}) =>
		new EventTriggerHarness({ parameters, credentials: simulatorCredentials(sim), ...options });

	it('registers the production URL with the chosen events and a fresh pair, keeping only its verifier', async () => {
		const events = trigger({ ...WIPES, organizationGroup: { __rl: true, mode: 'id', value: '571' } });
		expect(await events.hook('checkExists')).toBe(false);
		await events.hook('create');
		const mine = sim.eventNotifications.targets().filter((t) => t.targetUrl === events.url());
		expect(mine).toHaveLength(1);
		const [target] = mine;
		expect([...target.kinds].sort()).toEqual(['deviceUnenrolled', 'deviceWiped', 'enterpriseWipeRequested']);
		expect(target.groupId).toBe(571);
		expect(target.userName).toMatch(/^n8n-[0-9a-f]{12}$/);
		expect(target.password.length).toBeGreaterThanOrEqual(43);
		expect(target.targetName).toBe(`n8n event-workflow ${events.node.webhookId?.slice(0, 8)}`);

		const saved = JSON.stringify(events.saved);
		expect(saved).toContain(REGISTRATIONS_KEY);
		expect(saved).not.toContain(target.password);
		expect(saved).not.toContain(target.userName);
		expect(await events.hook('checkExists')).toBe(true);

		expect(await events.hook('delete')).toBe(true);
		expect(sim.eventNotifications.targets().filter((t) => t.targetUrl === events.url())).toEqual([]);
		expect(JSON.stringify(events.saved)).not.toContain(String(target.id));
	});

	it('registers anew, deleting the old target, when the chosen events change; and again when the target was deleted in the console', async () => {
		const events = trigger();
		await events.activate();
		const [first] = sim.eventNotifications.targets().filter((t) => t.targetUrl === events.url());
		(events.node.parameters as Record<string, unknown>).events = ['*'];
		expect(await events.hook('checkExists')).toBe(false);
		await events.hook('create');
		const second = sim.eventNotifications.targets().filter((t) => t.targetUrl === events.url());
		expect(second).toHaveLength(1);
		expect(second[0].id).not.toBe(first.id);
		expect(second[0].kinds.size).toBe(8);
		expect(second[0].password).not.toBe(first.password);

		await fetch(`${sim.url}/api/system/eventnotifications/${second[0].id}`, { method: 'DELETE', headers: await bearer(sim) });
		expect(await events.hook('checkExists')).toBe(false);
		await events.hook('create');
		expect(sim.eventNotifications.targets().filter((t) => t.targetUrl === events.url())).toHaveLength(1);
		await events.hook('delete');
		// Deleting what the console already deleted is fine.
		expect(await events.hook('delete')).toBe(true);
	});

	it('replaces a target left under its name and URL whose pair it does not hold (a copied workflow, a lost answer)', async () => {
		const events = trigger();
		await events.activate();
		events.saved = {};
		expect(await events.hook('checkExists')).toBe(false);
		await events.hook('create');
		expect(sim.eventNotifications.targets().filter((t) => t.targetUrl === events.url())).toHaveLength(1);
		await events.hook('delete');
	});

	it("keeps the editor's test URL and the production URL apart: each its own target and pair", async () => {
		const events = trigger();
		await events.activate();
		await events.activate({ isTest: true });
		const urls = sim.eventNotifications.targets().map((t) => t.targetUrl).sort();
		expect(urls).toEqual([events.url(), events.url(true)].sort());
		await events.hook('delete', { isTest: true });
		expect(sim.eventNotifications.targets().map((t) => t.targetUrl)).toEqual([events.url()]);
		await events.hook('delete');
		expect(sim.eventNotifications.targets()).toEqual([]);
	});

	it('makes no call in Manual registration', async () => {
		sim.resetCounters();
		const events = trigger({ ...WIPES, registration: 'manual' }, { manualPair: { userName: 'console-user', password: 'a-long-console-password' } });
		expect(await events.hook('checkExists')).toBe(true);
		expect(await events.hook('delete')).toBe(true);
		expect(sim.snapshot().requests).toBe(0);
		expect(sim.snapshot().tokenExchanges).toBe(0);
	});
});

async function bearer(sim: Simulator): Promise<Record<string, string>> {
	const answer = await fetch(sim.tokenUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sim.clients[0].clientId, client_secret: sim.clients[0].clientSecret }),
	});
	const { access_token: token } = (await answer.json()) as { access_token: string };
	return { Authorization: `Bearer ${token}`, Accept: 'application/json;version=1' };
}

describe('registration refused or not kept as sent', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 20 });
	});
	afterAll(async () => await sim.close());
	const trigger = () => new EventTriggerHarness({ parameters: WIPES, credentials: simulatorCredentials(sim) });
	const failure = async (events: EventTriggerHarness) => (await events.activate().catch((error: unknown) => error)) as Error & { description?: string };

	it.each([
		['the OAuth client may not manage event notifications (403)', { forbidden: true }, "role does not allow managing event notifications"],
		['the server has no Event Notifications API (404)', { available: false }, 'does not offer the Event Notifications API'],
		['UEM refuses fields it does not know (400)', { strict: true }, 'did not accept the request as this node sends it'],
	])('%s: activation fails saying so, and how to register by hand', async (_case, knobs, why) => {
		sim.settings.eventNotifications = { reading: 'flags', strict: false, available: true, forbidden: false, ...knobs };
		const error = await failure(trigger());
		expect(error.message).toMatch(/^UEM refused to (register|search) the event notification \(HTTP (403|404|400)/);
		expect(error.description).toContain(why);
		expect(error.description).toContain('set Registration to Manual');
		expect(sim.eventNotifications.targets()).toEqual([]);
	});

	it('deletes a target whose events or URL UEM does not read back, and says so', async () => {
		sim.settings.eventNotifications = { reading: 'flags', strict: false, available: true, forbidden: false };
		// A UEM whose read-back shows a summary only: nothing confirms what it will send, or where.
		sim.settings.forced.eventNotificationGet = { status: 200, body: { Id: { Value: 9999 }, TargetName: 'summary only' } };
		try {
			const error = await failure(trigger());
			expect(error.message).toBe('UEM did not keep the event notification as sent: its answer shows no target URL');
			expect(error.description).toContain('The registration was deleted again');
			expect(error.description).toContain('set Registration to Manual');
		} finally {
			delete sim.settings.forced.eventNotificationGet;
		}
		expect(sim.eventNotifications.targets()).toEqual([]);
		expect(sim.eventNotifications.log.map((entry) => entry.action).slice(-2)).toEqual(['create', 'delete']);
	});

	it('refuses an n8n whose webhook URL is plain http to another machine: the pair would cross the network in clear', async () => {
		sim.settings.eventNotifications = { reading: 'flags', strict: false, available: true, forbidden: false };
		sim.resetCounters();
		const events = new EventTriggerHarness({ parameters: WIPES, credentials: simulatorCredentials(sim), webhookBaseUrl: 'http://n8n.example.com/webhook' });
		const error = await failure(events);
		expect(error.message).toBe('UEM would send its events, with their user name and password, in clear text to http://n8n.example.com');
		expect(error.description).toContain('WEBHOOK_URL');
		expect(error.description).toContain('Workspace ONE UEM Trigger (polling)');
		expect(sim.snapshot().requests).toBe(0);
	});
});

describe('a UEM that quotes the request in its error', () => {
	it('never shows the password it was sent, in the message or anywhere in the error', async () => {
		let sent = '';
		const server = await startServer((req, res, body) => {
			if (req.url?.startsWith('/connect/token')) return json(res, 200, { access_token: 'token-for-echo-test', token_type: 'Bearer', expires_in: 3600 });
			if (req.method === 'GET') return json(res, 204, {});
			sent = String((JSON.parse(body) as { Password?: string }).Password);
			json(res, 400, { errorCode: 1012, message: `Invalid request ${body}`, activityId: 'act-echo' });
		});
		try {
			const events = new EventTriggerHarness({ parameters: WIPES, credentials: loopbackCredentials(server) });
			const error = (await events.activate().catch((caught: unknown) => caught)) as Error & { description?: string };
			expect(error.message).toMatch(/^UEM refused to register the event notification \(HTTP 400: error 1012, Invalid request \{/);
			expect(sent.length).toBeGreaterThan(40);
			expect(`${error.message} ${error.description} ${JSON.stringify(error)}`).not.toContain(sent);
			expect(error.message).toContain('"Password":"***"');
		} finally {
			await server.close();
		}
	});
});

