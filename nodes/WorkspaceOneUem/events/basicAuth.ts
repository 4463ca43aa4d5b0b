import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The user name and password UEM sends with every event (HTTP Basic). */
export interface BasicPair {
	userName: string;
	password: string;
}

/**
 * What the trigger keeps to check a pair: a random salt and the pair's HMAC under it, never the
 * pair. Nothing needs the password back once UEM has it (a registration that is lost is created
 * anew with a new pair), and a check needs no key: it works whichever process receives the
 * event, and survives a rotated client secret.
 */
export interface PairVerifier {
	salt: string;
	digest: string;
}

/** A Basic header longer than this is not one UEM sent: refused before any hashing. */
const MAX_HEADER_LENGTH = 1024;

/** A fresh pair for one registration: 48 random bits of user name, 256 of password. */
export function newPair(): BasicPair {
	return { userName: `n8n-${randomBytes(6).toString('hex')}`, password: randomBytes(32).toString('base64url') };
}

function digestOf(salt: Buffer, joined: string): Buffer {
	return createHmac('sha256', salt).update(joined, 'utf8').digest();
}

export function verifierOf(pair: BasicPair): PairVerifier {
	const salt = randomBytes(16);
	return { salt: salt.toString('base64'), digest: digestOf(salt, `${pair.userName}:${pair.password}`).toString('base64') };
}

export function isVerifier(value: unknown): value is PairVerifier {
	if (value === null || typeof value !== 'object') return false;
	const { salt, digest } = value as Partial<PairVerifier>;
	return typeof salt === 'string' && typeof digest === 'string' && Buffer.from(digest, 'base64').length === 32;
}

/** `user:password` from an `Authorization: Basic …` header, or undefined for anything else. */
function presentedPair(header: unknown): string | undefined {
	if (typeof header !== 'string' || header.length > MAX_HEADER_LENGTH) return undefined;
	const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
	if (!match) return undefined;
	const joined = Buffer.from(match[1], 'base64').toString('utf8');
	return joined.includes(':') ? joined : undefined;
}

/**
 * Whether the header carries the pair behind the verifier. Digests of equal length are compared
 * in constant time, so neither the timing nor the length of an answer says how close a guess was.
 */
export function headerMatches(header: unknown, verifier: PairVerifier): boolean {
	const presented = presentedPair(header);
	if (presented === undefined) return false;
	const expected = Buffer.from(verifier.digest, 'base64');
	const actual = digestOf(Buffer.from(verifier.salt, 'base64'), presented);
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Shorter passwords are refused for Manual registration: the pair is the only proof an event came from UEM. */
export const MIN_PASSWORD_LENGTH = 16;

/** What is wrong with a pair typed for Manual registration, or undefined. Never quotes the password. */
export function pairProblem(fields: Record<string, unknown>): string | undefined {
	const userName = typeof fields.userName === 'string' ? fields.userName : '';
	const password = typeof fields.password === 'string' ? fields.password : '';
	const hasControl = (text: string) => [...text].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
	if (userName.trim() === '') return 'The user name is empty.';
	if (userName.includes(':')) return 'The user name contains a colon, which HTTP Basic auth cannot carry.';
	if (hasControl(userName) || hasControl(password)) return 'The user name or password contains a line break or another control character.';
	if (password.length < MIN_PASSWORD_LENGTH) return `The password is shorter than ${MIN_PASSWORD_LENGTH} characters: use a long random one.`;
	return undefined;
}
