// A plain HTTP client for talking to the simulator directly (undici), as an admin's script would.
import { request } from 'undici';

export interface SimulatorLike {
	url: string;
	tokenUrl: string;
	clients: Array<{ clientId: string; clientSecret: string }>;
}

export interface Answer<T = unknown> {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** The parsed body; undefined when empty or not JSON. The caller names the shape it expects. */
	json: T;
}

export async function call<T = unknown>(
	url: string,
	options: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer<T>> {
	const response = await request(url, {
		method: options.method ?? 'GET',
		headers: options.headers,
		body: options.body,
		headersTimeout: 30_000,
		bodyTimeout: 30_000,
	});
	const text = await response.body.text();
	let json: unknown;
	try {
		json = text === '' ? undefined : JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.statusCode, headers: response.headers, text, json: json as T };
}

/** Exchange the simulator's client for a token. */
export async function fetchToken(
	sim: SimulatorLike,
	secret = sim.clients[0].clientSecret,
): Promise<Answer<TokenBody>> {
	return await call<TokenBody>(sim.tokenUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: sim.clients[0].clientId,
			client_secret: secret,
		}).toString(),
	});
}

/** GET an API path with a token and an API version, like the node does. */
export async function api<T = UemBody>(
	sim: SimulatorLike,
	path: string,
	token: string,
	version = 1,
	extraHeaders: Record<string, string> = {},
): Promise<Answer<T>> {
	return await call<T>(`${sim.url}${path}`, {
		headers: { Authorization: `Bearer ${token}`, Accept: `application/json;version=${version}`, ...extraHeaders },
	});
}

export interface TokenBody {
	access_token?: string;
	token_type?: string;
	expires_in?: number;
	error?: string;
}

export interface UemDevice {
	Id: { Value: number };
	Uuid: string;
	SerialNumber: string;
	Udid: string;
	MacAddress: string;
	Imei: string;
	EasId: string;
	Platform: string;
	Ownership: string;
	UserName: string;
	Model: string;
	LastSeen: string;
	ComplianceStatus: string;
	LocationGroupId: { Id: { Value: number } };
}

export interface UemDeviceProfile {
	Id: { Value: number };
	Uuid: string;
	Name: string;
	Status: number | string;
}

/** The union of the UEM bodies the tests read; each test reads the fields of its endpoint. */
export interface UemBody {
	errorCode?: number;
	message?: string;
	activityId?: string;
	Devices?: UemDevice[];
	DeviceProfiles?: UemDeviceProfile[];
	DeviceId?: { Id: { Value: number }; Name: string; Uuid: string };
	ProfileList?: Array<{ ProfileId: number; ProfileUuid: string; ProfileName: string }>;
	profileAssignedDevices?: Array<{ id: number; uuid: string }>;
	TotalResults?: number;
	Page?: number;
	PageSize?: number;
	Total?: number;
	Id?: { Value: number };
	SerialNumber?: string;
	Uuid?: string;
	ProductName?: string;
	assigned?: number;
	installed?: number;
	not_installed?: number;
}
