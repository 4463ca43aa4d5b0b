'use strict';
// UEM pushing device events: the payload the console's Event Notifications send (JSON or XML,
// quirks included: .NET `\/Date(ms)\/` times, `"System.Byte[]"` for the UDID and MAC address,
// empty strings for what is not known, EventType sometimes spelt with spaces), POSTed with HTTP
// Basic auth to each registered target that wants the event, one event per request. A burst
// sends many at a steady rate, a few at a time, and records when each was posted and answered.

const http = require('node:http');
const https = require('node:https');

const { EVENT_CATALOGUE } = require('./eventNotifications');
const { friendlyName } = require('./routes');

const UNSERIALISED_BYTES = 'System.Byte[]';
const REQUEST_TIMEOUT_MS = 30_000;

/** The payload's fields, in the order UEM writes them. */
function eventFields(kind, device, at, { spacedType = false } = {}) {
	const facts = EVENT_CATALOGUE[kind];
	if (!facts) throw new Error(`unknown event kind ${kind}`);
	return {
		EventId: facts.eventId,
		// Seen in the field both ways: "CompromisedStatusChanged" and "Compromised Status Changed".
		EventType: spacedType ? facts.eventType.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2') : facts.eventType,
		DeviceId: device.id,
		DeviceFriendlyName: friendlyName(device),
		EnrollmentEmailAddress: device.email,
		EnrollmentUserName: device.userName,
		EventTime: at,
		EnrollmentStatus: facts.enrollmentStatus,
		CompromisedStatus: '',
		CompromisedTimeStamp: at + 5_000,
		ComplianceStatus: device.compliance,
		PhoneNumber: device.phoneNumber,
		Udid: UNSERIALISED_BYTES,
		SerialNumber: device.serialNumber,
		MACAddress: UNSERIALISED_BYTES,
	};
}

const TIME_FIELDS = new Set(['EventTime', 'CompromisedTimeStamp']);

/** JSON as .NET's serializer writes it: dates as `\/Date(ms)\/`, every slash escaped. */
function jsonPayload(fields) {
	const withDates = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, TIME_FIELDS.has(k) ? `/Date(${v})/` : v]));
	return JSON.stringify(withDates).replace(/\//g, '\\/');
}

function xmlEscape(text) {
	return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** XML as UEM sends it: an Eventlog element, times in ISO 8601 with seven fractional digits, empty values as `<X />`. */
function xmlPayload(fields) {
	const elements = Object.entries(fields).map(([name, value]) => {
		const text = TIME_FIELDS.has(name) ? new Date(value).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z') : value;
		return text === '' ? `<${name} />` : `<${name}>${xmlEscape(text)}</${name}>`;
	});
	return (
		'<?xml version="1.0" encoding="utf-8"?><Eventlog xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		`${elements.join('')}</Eventlog>`
	);
}

/** The request body and its content type, in a target's format. */
function payloadOf(fields, format = 'JSON') {
	return format === 'XML'
		? { contentType: 'application/xml; charset=utf-8', body: xmlPayload(fields) }
		: { contentType: 'application/json; charset=utf-8', body: jsonPayload(fields) };
}

function basicHeader(userName, password) {
	return `Basic ${Buffer.from(`${userName}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * POSTs one body; resolves with the answer's status and text, and when it was posted and
 * answered (ms since the epoch). Never rejects: a failure is status 0 with the error's message.
 */
function post(url, { contentType, body, authorization, agent }) {
	const target = new URL(url);
	const client = target.protocol === 'https:' ? https : http;
	const headers = { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'AirWatch Event Notification (simulated)' };
	if (authorization) headers.Authorization = authorization;
	const postedAt = Date.now();
	return new Promise((resolve) => {
		const request = client.request(target, { method: 'POST', headers, agent, timeout: REQUEST_TIMEOUT_MS }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8'), postedAt, answeredAt: Date.now() }));
		});
		request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
		request.on('error', (error) => resolve({ status: 0, text: error.message, postedAt, answeredAt: Date.now() }));
		request.end(body);
	});
}

/**
 * @param {{fleet: object, notifications: ReturnType<typeof import('./eventNotifications').createEventNotifications>}} options
 */
function createEventSender({ fleet, notifications }) {
	/** Every event posted, in order: {kind, deviceId, targetId, status, postedAt, answeredAt}. */
	const sent = [];
	const deviceOf = (deviceId) => (deviceId === undefined ? fleet.devices[0] : fleet.find('id', String(deviceId)));

	/** Sends one event to one target with the target's pair (or `authorization` instead, to play a forger). */
	async function sendTo(target, kind, device, { at = Date.now(), spacedType, authorization, agent } = {}) {
		const fields = eventFields(kind, device, at, { spacedType });
		const answer = await post(target.targetUrl, {
			...payloadOf(fields, target.format),
			authorization: authorization === undefined ? basicHeader(target.userName, target.password) : authorization,
			agent,
		});
		const record = { kind, deviceId: device.id, eventTime: at, targetId: target.id, ...answer };
		sent.push({ kind, deviceId: device.id, targetId: target.id, status: answer.status, postedAt: answer.postedAt, answeredAt: answer.answeredAt });
		return record;
	}

	return {
		sent,
		eventFields,
		payloadOf,
		basicHeader,
		post,
		sendTo,
		/** What UEM does when the event happens: one POST to every target that wants it. */
		async push(kind, { deviceId, at, spacedType } = {}) {
			if (!Object.hasOwn(EVENT_CATALOGUE, kind)) throw new Error(`unknown event kind "${kind}": one of ${Object.keys(EVENT_CATALOGUE).join(', ')}`);
			const device = deviceOf(deviceId);
			if (!device) throw new Error(`no device ${deviceId}`);
			return await Promise.all(notifications.targetsFor(kind, device).map((target) => sendTo(target, kind, device, { at, spacedType })));
		},
		/**
		 * `count` events to one target, started at a steady pace over `withinMs`, at most
		 * `concurrency` open at once; each event is another device (wrapping around the fleet) with
		 * its own EventTime, so every event is told apart. Resolves with every answer, in order.
		 */
		async burst(target, { count, withinMs, concurrency = 16, kinds = [...target.kinds] }) {
			// A connection per event, as UEM opens them: a kept-alive socket that the server closes just
			// as it is reused loses its request, and the sender could not tell whether it arrived.
			const agent = new (target.targetUrl.startsWith('https:') ? https : http).Agent({ keepAlive: false, maxSockets: concurrency });
			const results = new Array(count);
			const startedAt = Date.now();
			let next = 0;
			const worker = async () => {
				while (next < count) {
					const index = next++;
					const due = startedAt + (withinMs * index) / count;
					if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
					const device = fleet.devices[index % fleet.devices.length];
					results[index] = await sendTo(target, kinds[index % kinds.length], device, { at: startedAt + index, agent });
				}
			};
			try {
				await Promise.all(Array.from({ length: concurrency }, worker));
			} finally {
				agent.destroy();
			}
			return results;
		},
	};
}

module.exports = { createEventSender, eventFields, payloadOf, basicHeader, post };
