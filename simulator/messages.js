'use strict';
// Messages and notes for one device: a push, email or SMS sent to its user
// (`POST /api/mdm/devices/{id}/messages/push|email|sms`, answered 202 with no body), and the admin
// notes on its record (`POST /api/mdm/devices/{id}/notes` answered with the new note's id, and
// `GET` to list them). Each one accepted is logged per device in the command log (`Message:push`,
// `Note`), and each message is kept as it arrived, so a test can read what the user was sent.

const { uemDate, uemError } = require('./routes');

/**
 * @typedef {object} SentMessage
 * @property {number} deviceId
 * @property {'push'|'email'|'sms'} channel
 * @property {string|null} to           the user's email address or phone number (null for a push)
 * @property {string|null} subject      email only
 * @property {string|null} application  push only: the app it was sent through, when named
 * @property {string} body
 * @property {number} at                ms since epoch
 */

/** What each channel needs besides a MessageBody, and where it is delivered. */
const CHANNELS = {
	push: { required: [], to: () => null },
	email: { required: ['Subject'], to: (device) => device.email },
	sms: { required: [], to: (device) => device.phoneNumber },
};

const hasText = (value) => typeof value === 'string' && value.trim() !== '';

/** The device a path names, or the error UEM answers (422 for an id that is not a number, 404 5002). */
function deviceOfPath(fleet, id) {
	if (!/^\d+$/.test(id)) return { error: uemError(422, 1012, `Invalid device id '${id}'.`) };
	const device = fleet.find('id', id);
	return device ? { device } : { error: uemError(404, 5002, 'Device not found.') };
}

/** @param {SentMessage[]} messages */
function sendMessage(fleet, log, messages, { params, body }, channel) {
	if (!/^\d+$/.test(params[0])) return uemError(422, 1012, `Invalid device id '${params[0]}'.`);
	if (!hasText(body?.MessageBody)) return uemError(400, 1001, 'MessageBody is required.');
	for (const field of CHANNELS[channel].required) {
		if (!hasText(body[field])) return uemError(400, 1001, `${field} is required.`);
	}
	const found = deviceOfPath(fleet, params[0]);
	if (found.error) return found.error;
	const to = CHANNELS[channel].to(found.device);
	if (channel === 'sms' && !to) {
		return uemError(400, 1001, `The user ${found.device.userName} has no phone number on record: an SMS cannot be sent.`);
	}
	log.entries.push({ deviceId: found.device.id, command: `Message:${channel}`, at: Date.now() });
	messages.push({
		deviceId: found.device.id,
		channel,
		to,
		subject: channel === 'email' ? body.Subject : null,
		application: channel === 'push' && hasText(body.Application) ? body.Application : null,
		body: body.MessageBody,
		at: Date.now(),
	});
	return { status: 202 };
}

/** The message and note routes; none of their patterns overlaps another route's. */
function createMessageRoutes({ fleet, log, messages }) {
	// One numbering for the tenant's notes, as a database would give them.
	let lastNoteId = 0;
	const messageRoutes = Object.keys(CHANNELS).map((channel) => ({
		name: `deviceMessage${channel[0].toUpperCase()}${channel.slice(1)}`,
		method: 'POST',
		pattern: new RegExp(`^\\/api\\/mdm\\/devices\\/([^/]+)\\/messages\\/${channel}$`, 'i'),
		versions: [1],
		handle: (request) => sendMessage(fleet, log, messages, request, channel),
	}));
	return [
		...messageRoutes,
		{
			name: 'deviceNoteAdd',
			method: 'POST',
			pattern: /^\/api\/mdm\/devices\/([^/]+)\/notes$/i,
			versions: [1],
			handle: ({ params, body }) => {
				if (!/^\d+$/.test(params[0])) return uemError(422, 1012, `Invalid device id '${params[0]}'.`);
				if (body?.DeviceId !== undefined && body.DeviceId !== null && Number(body.DeviceId) !== Number(params[0])) {
					return uemError(400, 1001, `DeviceId ${body.DeviceId} in the body does not match device ${params[0]} in the path.`);
				}
				if (!hasText(body?.Note)) return uemError(400, 1001, 'Note is required.');
				const found = deviceOfPath(fleet, params[0]);
				if (found.error) return found.error;
				const note = { id: ++lastNoteId, text: body.Note, at: Date.now() };
				found.device.notes.push(note);
				log.entries.push({ deviceId: found.device.id, command: 'Note', at: note.at });
				return { status: 200, body: { Value: note.id } };
			},
		},
		{
			name: 'deviceNotes',
			pattern: /^\/api\/mdm\/devices\/([^/]+)\/notes$/i,
			versions: [1],
			handle: ({ params }) => {
				const found = deviceOfPath(fleet, params[0]);
				if (found.error) return found.error;
				// Like the other lists of the simulator: nothing to list is 204 with an empty body.
				if (found.device.notes.length === 0) return { status: 204, body: null };
				return {
					status: 200,
					body: {
						DeviceNotes: found.device.notes.map((note) => ({
							Id: note.id,
							DeviceId: found.device.id,
							Note: note.text,
							CreatedOn: uemDate(note.at),
						})),
					},
				};
			},
		},
	];
}

module.exports = { createMessageRoutes };
