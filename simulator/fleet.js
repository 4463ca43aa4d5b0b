'use strict';
// The simulated tenant's data: organisation groups, a profile catalogue, a deterministic fleet
// of devices with a realistic mix of profile statuses, the groups' tags with the devices that
// carry them, smart groups (criteria on platform, ownership and group), an app catalogue with a
// realistic mix of install statuses, and the users the devices were enrolled by. Everything a test needs to know the right answer (which profiles are not installed
// where, which devices a tag holds) is read from here, never hard-coded.

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

/** Tags of the root group and of some child groups (APAC has none of its own: it sees only Global's). */
const TAG_CATALOGUE = [
	{ name: 'Offboarding', groupId: 570 },
	{ name: 'Needs Attention', groupId: 570 },
	{ name: 'Kiosk', groupId: 570 },
	{ name: 'VIP', groupId: 570 },
	{ name: 'Lost', groupId: 570 },
	{ name: 'GDPR Hold', groupId: 571 },
	{ name: 'Sales Demo', groupId: 572 },
	{ name: 'Loaner', groupId: 572 },
];
const TAG_ID_BASE = 10000;

/**
 * Smart groups, each managed by an organisation group, with criteria on platform, ownership and
 * organisation group (a device matches when it is in the managing group's tree and meets every
 * criterion given). Their devices are worked out from the fleet on every read, as UEM does.
 */
const SMART_GROUP_CATALOGUE = [
	{ id: 41, name: 'All Apple Devices', managedBy: 570, platforms: ['Apple'] },
	{ id: 42, name: 'Corporate Android', managedBy: 570, platforms: ['Android'], ownership: ['C', 'S'] },
	{ id: 43, name: 'Employee Owned', managedBy: 570, ownership: ['E'] },
	{ id: 44, name: 'EMEA Devices', managedBy: 571, groups: [571] },
	{ id: 45, name: 'Americas Windows Laptops', managedBy: 572, platforms: ['WinRT'], groups: [572] },
	{ id: 46, name: 'Macs', managedBy: 570, platforms: ['AppleOsX'] },
];

/**
 * Apps: one record per platform, as UEM keeps them, of the three kinds its app search names
 * (Internal, Public, Purchased). `groups` limits an app to the devices of those organisation groups.
 */
const APP_CATALOGUE = [
	{ id: 201, name: 'Workspace ONE Intelligent Hub', bundleId: 'com.air-watch.agent', platform: 'Apple', type: 'Public', version: '24.10.1' },
	{ id: 202, name: 'Workspace ONE Intelligent Hub', bundleId: 'com.airwatch.androidagent', platform: 'Android', type: 'Public', version: '24.10.0' },
	{ id: 203, name: 'Microsoft Outlook', bundleId: 'com.microsoft.Office.Outlook', platform: 'Apple', type: 'Public', version: '4.2447.0' },
	{ id: 204, name: 'Microsoft Outlook', bundleId: 'com.microsoft.office.outlook', platform: 'Android', type: 'Public', version: '4.2447.1' },
	{ id: 205, name: 'Expense Tracker', bundleId: 'com.example.expenses', platform: 'Apple', type: 'Internal', version: '3.2.1' },
	{ id: 206, name: 'Expense Tracker', bundleId: 'com.example.expenses', platform: 'Android', type: 'Internal', version: '3.2.0' },
	{ id: 207, name: 'Field Service', bundleId: 'com.example.fieldservice', platform: 'Android', type: 'Internal', version: '1.8.4', groups: [572] },
	{ id: 208, name: 'Company Portal', bundleId: 'ExampleCorp.CompanyPortal', platform: 'WinRT', type: 'Internal', version: '2.0.7' },
	{ id: 209, name: 'Zoom Workplace', bundleId: 'us.zoom.xos', platform: 'AppleOsX', type: 'Purchased', version: '6.2.5' },
	{ id: 210, name: 'Slack', bundleId: 'com.tinyspeck.chatlyio', platform: 'Apple', type: 'Purchased', version: '24.11.10' },
];

/**
 * Share of assigned (device, app) pairs per install status: mostly installed, a few pending or
 * failed, and some assigned but not on the device at all, so absent from its app list (NotListed).
 */
const DEFAULT_APP_STATUS_MIX = { Installed: 955, PendingInstall: 15, InstallFailed: 10, NotNow: 6, NotListed: 14 };

/** Given names and surnames for the users the devices were enrolled by (fictitious). */
const FIRST_NAMES = ['Alex', 'Sam', 'Jordan', 'Maria', 'Chen', 'Priya', 'Tom', 'Aisha', 'Lukas', 'Sofia', 'Kenji', 'Nora'];
const LAST_NAMES = ['Smith', 'Garcia', 'Müller', 'Okafor', 'Tanaka', 'Novak', 'Rossi', 'Dubois', 'Kowalski', 'Larsen', 'Patel', 'Silva'];
/** Share of devices that carry a tag from the start (a tagged device has the same chance again of a second). */
const TAGGED_SHARE = 0.04;
/** Share of users with a phone number on record (the rest cannot be sent an SMS). */
const PHONE_SHARE = 0.85;

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
 * @property {string} phoneNumber  '' when the user has none on record
 * @property {string} platform
 * @property {string} model
 * @property {string} os
 * @property {string} ownership    C, E or S
 * @property {number} groupId
 * @property {number} lastSeen     ms since epoch
 * @property {number} enrolledOn   ms since epoch
 * @property {string} compliance   Compliant, NonCompliant or NotAvailable
 * @property {Assignment[]} assignments
 * @property {Array<{app: App, status: string}>} apps   assigned apps and their install status
 * @property {Array<{id: number, text: string, at: number}>} notes
 *
 * @typedef {object} Tag
 * @property {number} id
 * @property {string} uuid
 * @property {string} name
 * @property {number} groupId      organisation group that owns it
 * @property {number} type         UEM tag type (1: device tag)
 * @property {number} createdOn    ms since epoch
 *
 * @typedef {object} App
 * @property {number} id
 * @property {string} uuid
 * @property {string} name
 * @property {string} bundleId
 * @property {string} platform
 * @property {string} type         Internal, Public or Purchased
 * @property {string} version
 * @property {number[]} [groups]
 *
 * @typedef {object} User
 * @property {number} id
 * @property {string} uuid
 * @property {string} userName
 * @property {string} email
 * @property {string} firstName
 * @property {string} lastName
 * @property {string} phoneNumber
 * @property {number} groupId      the organisation group of their first device
 * @property {Device[]} devices    in device id order
 */

/**
 * @param {{devices?: number, seed?: number, statusMix?: Record<string, number>, appStatusMix?: Record<string, number>, referenceTime?: number}} [options]
 */
function createFleet(options = {}) {
	const size = options.devices ?? 1000;
	const seed = options.seed ?? 1;
	const statusMix = options.statusMix ?? DEFAULT_STATUS_MIX;
	const referenceTime = options.referenceTime ?? Date.now();
	const random = createRandom(seed);
	// Phone numbers and tags came later: they draw from their own stream, so that every device of
	// a given seed keeps the serial number, platform and statuses it had before.
	const later = createRandom(seed ^ 0x7a95);
	// Apps and users came later still: their own stream too, so nothing above changes.
	const appRandom = createRandom(seed ^ 0x3c6e);
	const appStatusMix = options.appStatusMix ?? DEFAULT_APP_STATUS_MIX;

	const groups = ORGANISATION_GROUPS.map((group) => ({ ...group, uuid: uuidFrom(random) }));
	const groupById = new Map(groups.map((group) => [group.id, group]));
	const profiles = PROFILE_CATALOGUE.map((profile) => ({
		...profile,
		uuid: uuidFrom(random),
		version: random.int(1, 4),
		groupId: profile.groups ? profile.groups[0] : 570,
	}));
	const apps = APP_CATALOGUE.map((app) => ({ ...app, uuid: uuidFrom(appRandom) }));
	const smartGroups = SMART_GROUP_CATALOGUE.map((group) => ({ ...group, uuid: uuidFrom(appRandom) }));
	/** @type {Map<string, User>} users by lower-case user name, kept with the device indexes */
	const users = new Map();
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
		const name = device.userName.toLowerCase();
		const user = users.get(name);
		if (user) {
			user.devices.push(device);
			user.devices.sort((a, b) => a.id - b.id);
			return;
		}
		const at = Number.parseInt(name.replace(/\D+/g, ''), 10) || device.id;
		users.set(name, {
			id: 50000 + device.id,
			uuid: uuidFrom(appRandom),
			userName: device.userName,
			email: device.email,
			firstName: FIRST_NAMES[at % FIRST_NAMES.length],
			lastName: LAST_NAMES[Math.floor(at / FIRST_NAMES.length) % LAST_NAMES.length],
			phoneNumber: device.phoneNumber,
			groupId: device.groupId,
			devices: [device],
		});
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
			// Ofcom's range for drama (07700 900000-900999): realistic, and never anyone's number.
			phoneNumber: overrides.phoneNumber ?? (later.next() < PHONE_SHARE ? `+44 7700 900${String(later.int(0, 999)).padStart(3, '0')}` : ''),
			platform,
			model: overrides.model ?? random.pick(spec.models),
			os: random.pick(spec.os),
			ownership: overrides.ownership ?? random.weighted({ C: 70, E: 20, S: 10 }),
			groupId,
			lastSeen: overrides.lastSeen ?? referenceTime - random.int(0, 30 * DAY_MS),
			enrolledOn: referenceTime - random.int(30 * DAY_MS, 700 * DAY_MS),
			compliance: overrides.compliance ?? random.weighted({ Compliant: 90, NonCompliant: 8, NotAvailable: 2 }),
			assignments: [],
			notes: [],
		};
		for (const profile of profiles) {
			if (!profile.platforms.includes(platform)) continue;
			if (profile.groups && !profile.groups.includes(groupId)) continue;
			device.assignments.push({ profile, status: Number(random.weighted(statusMix)) });
		}
		device.apps = apps
			.filter((app) => app.platform === platform && (!app.groups || app.groups.includes(groupId)))
			.map((app) => ({ app, status: appRandom.weighted(appStatusMix) }));
		return device;
	}

	for (let number = 1; number <= size; number++) {
		const device = makeDevice(number);
		devices.push(device);
		index(device);
	}

	/** @type {Tag[]} */
	const tags = TAG_CATALOGUE.map((tag, at) => ({
		id: TAG_ID_BASE + at + 1,
		uuid: uuidFrom(later),
		name: tag.name,
		groupId: tag.groupId,
		type: 1,
		createdOn: referenceTime - later.int(700 * DAY_MS, 900 * DAY_MS),
	}));
	/** Tag id → (device id → when it was tagged, ms). */
	const members = new Map(tags.map((tag) => [tag.id, new Map()]));
	for (const device of devices) {
		const visible = tags.filter((tag) => groupAndAncestors(device.groupId).has(tag.groupId));
		for (let draw = 0; draw < 2 && later.next() < TAGGED_SHARE; draw++) {
			const at = device.enrolledOn + Math.floor(later.next() * (referenceTime - device.enrolledOn));
			const tagged = members.get(later.pick(visible).id);
			if (!tagged.has(device.id)) tagged.set(device.id, at);
		}
	}

	/** The ids of a group and all groups above it: the groups whose tags it sees. */
	function groupAndAncestors(groupId) {
		const ids = new Set();
		for (let group = groupById.get(groupId); group && !ids.has(group.id); group = groupById.get(group.parentId)) ids.add(group.id);
		return ids;
	}

	/** @returns {Device[]} the devices a smart group holds now, in device id order */
	function devicesOfSmartGroup(group) {
		const tree = groupAndChildren(group.managedBy);
		const within = group.groups ? new Set(group.groups.flatMap((id) => [...groupAndChildren(id)])) : undefined;
		return devices
			.filter(
				(device) =>
					tree.has(device.groupId) &&
					(!within || within.has(device.groupId)) &&
					(!group.platforms || group.platforms.includes(device.platform)) &&
					(!group.ownership || group.ownership.includes(device.ownership)),
			)
			.sort((a, b) => a.id - b.id);
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
		groupAndAncestors,
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

		smartGroups,
		smartGroupById: (id) => smartGroups.find((group) => group.id === Number(id)),
		devicesOfSmartGroup,

		apps,
		appById: (id) => apps.find((app) => app.id === Number(id)),
		/**
		 * The devices an app is assigned to, and those where it is installed, in device id order.
		 * @param {App} app @param {'assigned' | 'installed'} which
		 */
		devicesForApp(app, which) {
			return devices.filter((device) => device.apps.some((a) => a.app === app && (which === 'assigned' || a.status === 'Installed'))).sort((a, b) => a.id - b.id);
		},
		/** Every assigned (device, app) pair that is not installed. */
		appsNotInstalled() {
			const pairs = [];
			for (const device of [...devices].sort((a, b) => a.id - b.id)) {
				for (const { app, status } of device.apps) if (status !== 'Installed') pairs.push({ deviceId: device.id, appId: app.id, bundleId: app.bundleId, status });
			}
			return pairs;
		},
		/** @param {number} deviceId @param {number} appId @param {string} status */
		setAppStatus(deviceId, appId, status) {
			const entry = indexes.id.get(String(deviceId))?.apps.find((a) => a.app.id === Number(appId));
			if (!entry) throw new Error(`device ${deviceId} has no app ${appId}`);
			entry.status = status;
		},

		/** @returns {User[]} the users the devices were enrolled by, in the order of their first device */
		users: () => [...users.values()].filter((user) => user.devices.length > 0).sort((a, b) => a.devices[0].id - b.devices[0].id),
		/** @param {Device} device @returns {User} */
		userOf: (device) => users.get(device.userName.toLowerCase()),

		tags,
		tagById: (id) => tags.find((tag) => tag.id === Number(id)),
		/** The tags a group sees: its own and its ancestors', by id. */
		tagsVisibleIn: (groupId) => tags.filter((tag) => groupAndAncestors(groupId).has(tag.groupId)),
		/** @param {Tag} tag @returns {Device[]} the devices that carry it, in device id order */
		devicesOfTag(tag) {
			const ids = [...(members.get(tag.id)?.keys() ?? [])].sort((a, b) => a - b);
			return ids.map((id) => indexes.id.get(String(id)));
		},
		/** @param {Device} device @returns {Tag[]} */
		tagsOfDevice: (device) => tags.filter((tag) => members.get(tag.id).has(device.id)),
		/** When a device was tagged (ms), or undefined when it does not carry the tag. */
		taggedOn: (tag, device) => members.get(tag.id)?.get(device.id),
		/** Tag a device; false when it already carried the tag (nothing changes, not even the date). */
		tag(tag, device) {
			const tagged = members.get(tag.id);
			if (tagged.has(device.id)) return false;
			tagged.set(device.id, Date.now());
			return true;
		},
		/** Take a tag off a device; false when it did not carry it. */
		untag: (tag, device) => members.get(tag.id).delete(device.id),

		/** Delete a device record: gone from searches, lookups, profile listings and its tags. */
		remove(device) {
			const at = devices.indexOf(device);
			if (at >= 0) devices.splice(at, 1);
			for (const tagged of members.values()) tagged.delete(device.id);
			for (const [key, map] of Object.entries(indexes)) {
				const value = device[key];
				if (value !== undefined && value !== '' && map.get(normaliseKey(key, value)) === device) map.delete(normaliseKey(key, value));
			}
			const user = users.get(device.userName.toLowerCase());
			if (user) user.devices = user.devices.filter((candidate) => candidate !== device);
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
	DEFAULT_APP_STATUS_MIX,
};
