'use strict';
// The simulated tenant's data: organisation groups, a profile catalogue and a deterministic fleet
// of devices with a realistic mix of profile statuses. Everything a test needs to know the
// right answer (which profiles are not installed where) is read from here, never hard-coded.

const { createRandom, uuidFrom } = require('./random');

/**
 * UEM's integer profile status codes (spec enum order; 8 and 9 from field reports). Written out
 * here on purpose rather than imported from the node: the simulator plays UEM, and sharing the
 * node's mapping would hide a mistake in it from every test.
 */
const PROFILE_STATUS_NAMES = {
	0: 'Unknown',
	1: 'PendingInstall',
	2: 'UnconfirmedInstall',
	3: 'ConfirmedInstall',
	4: 'PendingRemoval',
	5: 'UnconfirmedRemoval',
	6: 'ConfirmedRemoval',
	7: 'PendingInformation',
	8: 'NotSupported',
	9: 'Corrupted',
};
const CONFIRMED_INSTALL = 3;

/** Share of (device, profile) pairs per status: mostly installed, some pending, a few failed. */
const DEFAULT_STATUS_MIX = { 3: 960, 1: 15, 2: 6, 7: 5, 0: 3, 4: 3, 6: 2, 9: 3, 8: 3 };

const ORGANISATION_GROUPS = [
	{ id: 570, name: 'Global', parentId: null },
	{ id: 571, name: 'EMEA', parentId: 570 },
	{ id: 572, name: 'Americas', parentId: 570 },
	{ id: 573, name: 'APAC', parentId: 570 },
];
const LEAF_GROUP_IDS = [571, 572, 573];

const PLATFORMS = {
	Apple: { weight: 45, models: ['iPhone 15', 'iPhone 14', 'iPad Air', 'iPhone SE'], os: ['17.6', '18.1', '18.2'] },
	Android: { weight: 35, models: ['Pixel 8', 'Galaxy S24', 'Galaxy XCover 7', 'TC52'], os: ['13', '14', '15'] },
	WinRT: { weight: 15, models: ['Latitude 7440', 'Surface Pro 9', 'ThinkPad T14'], os: ['10.0.22631', '10.0.26100'] },
	AppleOsX: { weight: 5, models: ['MacBook Pro', 'MacBook Air', 'Mac mini'], os: ['14.6', '15.1'] },
};

const PROFILE_CATALOGUE = [
	{ id: 301, name: 'Wi-Fi - Corporate', platforms: ['Apple', 'Android', 'WinRT', 'AppleOsX'] },
	{ id: 302, name: 'Passcode Policy', platforms: ['Apple', 'Android', 'WinRT', 'AppleOsX'] },
	{ id: 303, name: 'Root CA Certificate', platforms: ['Apple', 'Android', 'WinRT', 'AppleOsX'] },
	{ id: 304, name: 'VPN - Always On', platforms: ['Apple', 'Android', 'WinRT'] },
	{ id: 305, name: 'Exchange ActiveSync Email', platforms: ['Apple', 'Android'] },
	{ id: 306, name: 'iOS Restrictions', platforms: ['Apple'] },
	{ id: 307, name: 'Android Work Profile', platforms: ['Android'] },
	{ id: 308, name: 'BitLocker Encryption', platforms: ['WinRT'] },
	{ id: 309, name: 'FileVault Encryption', platforms: ['AppleOsX'] },
	{ id: 310, name: 'macOS Privacy Preferences', platforms: ['AppleOsX'] },
	{ id: 311, name: 'Windows Update Policy', platforms: ['WinRT'] },
	{ id: 312, name: 'Per-App VPN - Sales', platforms: ['Apple', 'Android'], groups: [572] },
];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @typedef {object} Profile
 * @property {number} id
 * @property {string} uuid
 * @property {string} name
 * @property {string[]} platforms
 * @property {number[]} [groups]   organisation groups it is limited to
 * @property {number} groupId      organisation group that owns it
 * @property {number} version
 *
 * @typedef {object} Assignment
 * @property {Profile} profile
 * @property {number} status       UEM profile status code
 *
 * @typedef {object} Device
 * @property {number} id
 * @property {string} uuid
 * @property {string} serialNumber
 * @property {string} udid
 * @property {string} macAddress
 * @property {string} imei
 * @property {string} easId
 * @property {string} userName
 * @property {string} email
 * @property {string} platform
 * @property {string} model
 * @property {string} os
 * @property {string} ownership    C, E or S
 * @property {number} groupId
 * @property {number} lastSeen     ms since epoch
 * @property {number} enrolledOn   ms since epoch
 * @property {string} compliance   Compliant, NonCompliant or NotAvailable
 * @property {Assignment[]} assignments
 */

/**
 * @param {{devices?: number, seed?: number, statusMix?: Record<string, number>, referenceTime?: number}} [options]
 */
function createFleet(options = {}) {
	const size = options.devices ?? 1000;
	const seed = options.seed ?? 1;
	const statusMix = options.statusMix ?? DEFAULT_STATUS_MIX;
	const referenceTime = options.referenceTime ?? Date.now();
	const random = createRandom(seed);

	const groups = ORGANISATION_GROUPS.map((group) => ({ ...group, uuid: uuidFrom(random) }));
	const groupById = new Map(groups.map((group) => [group.id, group]));
	const profiles = PROFILE_CATALOGUE.map((profile) => ({
		...profile,
		uuid: uuidFrom(random),
		version: random.int(1, 4),
		groupId: profile.groups ? profile.groups[0] : 570,
	}));
	const platformWeights = Object.fromEntries(Object.entries(PLATFORMS).map(([name, p]) => [name, p.weight]));

	/** @type {Device[]} */
	const devices = [];
	/** @type {Record<string, Map<string, Device>>} */
	const indexes = {
		id: new Map(),
		uuid: new Map(),
		serialNumber: new Map(),
		udid: new Map(),
		macAddress: new Map(),
		imei: new Map(),
		easId: new Map(),
	};

	function index(device) {
		for (const [key, map] of Object.entries(indexes)) {
			const value = device[key];
			if (value !== undefined && value !== '') map.set(normaliseKey(key, value), device);
		}
	}

	/** @param {number} number @param {Partial<Device>} [overrides] @returns {Device} */
	function makeDevice(number, overrides = {}) {
		const platform = overrides.platform ?? random.weighted(platformWeights);
		const spec = PLATFORMS[platform] ?? PLATFORMS.Apple;
		const groupId = overrides.groupId ?? random.pick(LEAF_GROUP_IDS);
		const userName = overrides.userName ?? `user${String(number).padStart(5, '0')}`;
		const id = overrides.id ?? 1000 + number;
		/** @type {Device} */
		const device = {
			id,
			uuid: uuidFrom(random),
			serialNumber: overrides.serialNumber ?? `SN${id.toString(36).toUpperCase().padStart(6, '0')}${random.hex(4).toUpperCase()}`,
			udid: random.hex(32).toUpperCase(),
			macAddress: random.hex(12).toUpperCase(),
			imei: platform === 'Apple' || platform === 'Android' ? String(350000000000000 + id * 7919).slice(0, 15) : '',
			easId: platform === 'WinRT' ? '' : random.hex(20).toUpperCase(),
			userName,
			email: `${userName}@example.com`,
			platform,
			model: overrides.model ?? random.pick(spec.models),
			os: random.pick(spec.os),
			ownership: overrides.ownership ?? random.weighted({ C: 70, E: 20, S: 10 }),
			groupId,
			lastSeen: overrides.lastSeen ?? referenceTime - random.int(0, 30 * DAY_MS),
			enrolledOn: referenceTime - random.int(30 * DAY_MS, 700 * DAY_MS),
			compliance: overrides.compliance ?? random.weighted({ Compliant: 90, NonCompliant: 8, NotAvailable: 2 }),
			assignments: [],
		};
		for (const profile of profiles) {
			if (!profile.platforms.includes(platform)) continue;
			if (profile.groups && !profile.groups.includes(groupId)) continue;
			device.assignments.push({ profile, status: Number(random.weighted(statusMix)) });
		}
		return device;
	}

	for (let number = 1; number <= size; number++) {
		const device = makeDevice(number);
		devices.push(device);
		index(device);
	}

	/** The ids of a group and all groups below it. */
	function groupAndChildren(groupId) {
		const ids = new Set([groupId]);
		let grew = true;
		while (grew) {
			grew = false;
			for (const group of groups) {
				if (group.parentId !== null && ids.has(group.parentId) && !ids.has(group.id)) {
					ids.add(group.id);
					grew = true;
				}
			}
		}
		return ids;
	}

	return {
		devices,
		profiles,
		groups,
		referenceTime,

		group: (id) => groupById.get(id),
		groupAndChildren,
		profileByUuid: (uuid) => profiles.find((p) => p.uuid.toLowerCase() === String(uuid).toLowerCase()),
		profileById: (id) => profiles.find((p) => p.id === Number(id)),

		/** Look a device up by one of: id, uuid, serialNumber, udid, macAddress, imei, easId. */
		find(key, value) {
			return indexes[key]?.get(normaliseKey(key, value));
		},

		/** Every (device, profile) pair whose profile is not confirmed installed. */
		notInstalled() {
			const pairs = [];
			for (const device of devices) {
				for (const assignment of device.assignments) {
					if (assignment.status !== CONFIRMED_INSTALL) {
						pairs.push({
							deviceId: device.id,
							serialNumber: device.serialNumber,
							profileId: assignment.profile.id,
							profileUuid: assignment.profile.uuid,
							profileName: assignment.profile.name,
							statusCode: assignment.status,
						});
					}
				}
			}
			return pairs;
		},

		/**
		 * Devices to which a profile is assigned, filtered by whether it is installed there.
		 * @param {Profile} profile @param {boolean} installed
		 */
		devicesForProfile(profile, installed) {
			return devices.filter((device) =>
				device.assignments.some(
					(a) => a.profile === profile && (a.status === CONFIRMED_INSTALL) === installed,
				),
			);
		},

		/** @param {number} deviceId @param {number} profileId @param {number} status */
		setProfileStatus(deviceId, profileId, status) {
			const device = indexes.id.get(String(deviceId));
			const assignment = device?.assignments.find((a) => a.profile.id === Number(profileId));
			if (!assignment) throw new Error(`device ${deviceId} has no profile ${profileId}`);
			assignment.status = status;
		},

		/** @param {number} deviceId @param {string} compliance */
		setCompliance(deviceId, compliance) {
			const device = indexes.id.get(String(deviceId));
			if (!device) throw new Error(`no device ${deviceId}`);
			device.compliance = compliance;
		},

		/** Delete a device record: gone from searches, lookups and profile listings. */
		remove(device) {
			const at = devices.indexOf(device);
			if (at >= 0) devices.splice(at, 1);
			for (const [key, map] of Object.entries(indexes)) {
				const value = device[key];
				if (value !== undefined && value !== '' && map.get(normaliseKey(key, value)) === device) map.delete(normaliseKey(key, value));
			}
		},

		/**
		 * Enrol a new device (for "new device" triggers); returns its record.
		 * @param {Partial<Device>} [overrides]
		 */
		enrol(overrides = {}) {
			const number = devices.length + 1;
			const highestId = devices.reduce((max, d) => Math.max(max, d.id), 0);
			const device = makeDevice(number, { id: highestId + 1, lastSeen: Date.now(), ...overrides });
			device.enrolledOn = Date.now();
			devices.push(device);
			index(device);
			return device;
		},
	};
}

function normaliseKey(key, value) {
	const text = String(value).trim();
	if (key === 'macAddress') return text.replace(/[^0-9a-f]/gi, '').toUpperCase();
	if (key === 'uuid') return text.toLowerCase();
	return text.toUpperCase();
}

module.exports = {
	createFleet,
	PROFILE_STATUS_NAMES,
	CONFIRMED_INSTALL,
	DEFAULT_STATUS_MIX,
};
