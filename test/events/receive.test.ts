// Events arriving at an active Event Trigger, as n8n's webhook handler hands each request over:
// only a request with the registered Basic pair gets past 401, only a UEM event past 400, only a
// chosen event starts a run; the payload in JSON (.NET dates, System.Byte[]) and in XML (as n8n
// parses it) becomes the same normalised item; Manual registration checks the credential's pair.
import type { IDataObject } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { basic, EventTriggerHarness } from '../harness/eventTrigger';
import { simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const WIPES = { events: ['deviceWiped', 'enterpriseWipeRequested', 'deviceUnenrolled'] };
const AT = Date.UTC(2026, 10, 3, 9, 15, 30, 123);

/** UEM's JSON payload as n8n's body parser hands it over. */
function jsonBody(sim: Simulator, kind: string, device = sim.fleet.devices[7], options: { spacedType?: boolean } = {}): IDataObject {
	const { body } = sim.events.payloadOf(sim.events.eventFields(kind, device, AT, options), 'JSON');
	return JSON.parse(body) as IDataObject;
}

/**
 * UEM's XML payload as n8n's body parser hands it over: xml2js with tag names lower-cased, no
 * arrays for single elements, the root's namespace attributes under `$`, empty elements as ''.
 */
function xmlBody(sim: Simulator, kind: string, device = sim.fleet.devices[7]): IDataObject {
	const fields = sim.events.eventFields(kind, device, AT) as Record<string, unknown>;
	const eventlog: IDataObject = { $: { 'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema', 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' } };
	for (const [name, value] of Object.entries(fields)) {
		const text = name === 'EventTime' || name === 'CompromisedTimeStamp' ? new Date(value as number).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z') : String(value);
		eventlog[name.toLowerCase()] = text;
	}
	return { eventlog };
}

describe('events arriving at an active Event Trigger', () => {
	let sim: Simulator;
	let events: EventTriggerHarness;
	let pair: string;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 60, seed: 4 });
		events = new EventTriggerHarness({ parameters: WIPES, credentials: simulatorCredentials(sim) });
		await events.activate();
		const [target] = sim.eventNotifications.targets();
		pair = basic(target.userName, target.password);
	});
	afterAll(async () => {
		await events.hook('delete');
		await sim.close();
	});

	it("turns the console's JSON payload into one item: the event's kind, ISO 8601 times, null for System.Byte[], UEM's original under raw", async () => {
		const device = sim.fleet.devices[7];
		const body = jsonBody(sim, 'deviceWiped', device);
		const { result, reply } = await events.receive({ headers: { authorization: pair }, body });
		expect(reply).toBeUndefined();
		expect(EventTriggerHarness.itemOf(result)).toEqual({
			event: 'deviceWiped',
			EventId: 25,
			EventType: 'DeviceWipeRequested',
			DeviceId: device.id,
			DeviceFriendlyName: `${device.userName} ${device.model} ${device.serialNumber}`,
			EnrollmentEmailAddress: device.email,
			EnrollmentUserName: device.userName,
			EventTime: '2026-11-03T09:15:30.123Z',
			EnrollmentStatus: 'DeviceWipePending',
			CompromisedStatus: '',
			CompromisedTimeStamp: '2026-11-03T09:15:35.123Z',
			ComplianceStatus: device.compliance,
			PhoneNumber: device.phoneNumber,
			Udid: null,
			SerialNumber: device.serialNumber,
			MACAddress: null,
			raw: body,
		});
		expect((body as { EventTime: string }).EventTime).toBe('/Date(1793697330123)/');
	});

	it('reads XML as n8n parses it into the same item', async () => {
		const fromJson = EventTriggerHarness.itemOf((await events.receive({ headers: { authorization: pair }, body: jsonBody(sim, 'enterpriseWipeRequested') })).result);
		const fromXml = EventTriggerHarness.itemOf((await events.receive({ headers: { authorization: pair }, body: xmlBody(sim, 'enterpriseWipeRequested') })).result);
		const { raw: jsonRaw, ...jsonFields } = fromJson;
		const { raw: xmlRaw, ...xmlFields } = fromXml;
		expect(xmlFields).toEqual({ ...jsonFields, PhoneNumber: String(jsonFields.PhoneNumber) });
		expect(xmlFields.event).toBe('enterpriseWipeRequested');
		expect((xmlRaw as IDataObject).EventTime).toBe('2026-11-03T09:15:30.1230000Z');
		expect((jsonRaw as IDataObject).EventTime).toBe('/Date(1793697330123)/');
	});

	it('knows an EventType spelt with spaces, and an event by its EventId alone', async () => {
		const spaced = await events.receive({ headers: { authorization: pair }, body: jsonBody(sim, 'deviceUnenrolled', undefined, { spacedType: true }) });
		expect(EventTriggerHarness.itemOf(spaced.result)).toMatchObject({ event: 'deviceUnenrolled', EventType: 'Break MDM Confirmed' });
		const byId = jsonBody(sim, 'deviceUnenrolled');
		delete byId.EventType;
		expect(EventTriggerHarness.itemOf((await events.receive({ headers: { authorization: pair }, body: byId })).result).event).toBe('deviceUnenrolled');
	});

	it.each([
		['no Authorization header', undefined],
		['a wrong password', () => basic(sim.eventNotifications.targets()[0].userName, 'not-the-password')],
		['a wrong user name', () => basic('someone-else', sim.eventNotifications.targets()[0].password)],
		['a bearer token instead', () => 'Bearer abc'],
		['a header that is not base64', () => 'Basic %%%'],
		['an overlong header', () => `Basic ${'A'.repeat(4000)}`],
	])('refuses %s with 401 and starts nothing', async (_case, header) => {
		const value = typeof header === 'function' ? header() : header;
		const { result, reply } = await events.receive({ headers: value === undefined ? {} : { authorization: value }, body: jsonBody(sim, 'deviceWiped') });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(reply?.status).toBe(401);
		expect(reply?.headers['WWW-Authenticate']).toMatch(/^Basic realm=/);
		expect(reply?.body).toBe('{"code":401,"message":"Unauthorized"}');
	});

	it.each([
		['an empty object', {}, 'neither an EventId nor an EventType'],
		['an array', [jsonBody as unknown], 'not a JSON object or an XML document'],
		['plain text', 'hello', 'neither JSON nor XML'],
		['XML sent as text', '<Eventlog><EventId>39</EventId></Eventlog>', 'Content-Type application/xml'],
		['another service\'s webhook', { action: 'push', repository: { id: 1 } }, 'not a UEM event'],
	])('refuses %s with 400 once the pair is right, and starts nothing', async (_case, body, message) => {
		const { result, reply } = await events.receive({ headers: { authorization: pair }, body });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(reply?.status).toBe(400);
		expect(reply?.body).toContain(message);
	});

	it('checks the pair before the body: a stranger learns nothing about what it would accept', async () => {
		const { reply } = await events.receive({ headers: {}, body: 'hello' });
		expect(reply?.status).toBe(401);
	});

	it('acknowledges an event that was not chosen without starting a run', async () => {
		const { result, reply } = await events.receive({ headers: { authorization: pair }, body: jsonBody(sim, 'deviceEnrolled') });
		expect(reply).toBeUndefined();
		expect(result.workflowData).toBeUndefined();
		expect(result.webhookResponse).toEqual({ received: true, started: false, reason: 'Device Enrolled is not a chosen event' });
	});

	it('writes nothing to static data for an event', async () => {
		const saves = events.saves;
		await events.receive({ headers: { authorization: pair }, body: jsonBody(sim, 'deviceWiped') });
		await events.receive({ headers: {}, body: jsonBody(sim, 'deviceWiped') });
		expect(events.saves).toBe(saves);
	});
});

describe('All Events, Manual registration, a deactivated trigger', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 20 });
	});
	afterAll(async () => await sim.close());

	it('with All Events, starts a run for an event of no known kind too', async () => {
		const events = new EventTriggerHarness({ parameters: { events: ['*'] }, credentials: simulatorCredentials(sim) });
		await events.activate();
		const [target] = sim.eventNotifications.targets();
		const body = { ...jsonBody(sim, 'deviceEnrolled'), EventId: 9999, EventType: 'AppInstallConfirmed' };
		const { result } = await events.receive({ headers: { authorization: basic(target.userName, target.password) }, body });
		expect(EventTriggerHarness.itemOf(result)).toMatchObject({ event: 'other', EventType: 'AppInstallConfirmed' });
		await events.hook('delete');
	});

	it("in Manual registration, accepts the credential's pair only, and calls no API", async () => {
		const manualPair = { userName: 'uem-console', password: 'correct horse battery staple' };
		const events = new EventTriggerHarness({ parameters: { ...WIPES, registration: 'manual' }, credentials: simulatorCredentials(sim), manualPair });
		sim.resetCounters();
		await events.activate();
		const accepted = await events.receive({ headers: { authorization: basic(manualPair.userName, manualPair.password) }, body: jsonBody(sim, 'deviceWiped') });
		expect(EventTriggerHarness.itemOf(accepted.result).event).toBe('deviceWiped');
		const refused = await events.receive({ headers: { authorization: basic(manualPair.userName, 'correct horse battery stapler') }, body: jsonBody(sim, 'deviceWiped') });
		expect(refused.reply?.status).toBe(401);
		expect(sim.snapshot().requests).toBe(0);
	});

	it('once deactivated, refuses the pair it had registered', async () => {
		const events = new EventTriggerHarness({ parameters: WIPES, credentials: simulatorCredentials(sim) });
		await events.activate();
		const [target] = sim.eventNotifications.targets();
		const header = basic(target.userName, target.password);
		expect((await events.receive({ headers: { authorization: header }, body: jsonBody(sim, 'deviceWiped') })).reply).toBeUndefined();
		await events.hook('delete');
		expect((await events.receive({ headers: { authorization: header }, body: jsonBody(sim, 'deviceWiped') })).reply?.status).toBe(401);
	});
});
