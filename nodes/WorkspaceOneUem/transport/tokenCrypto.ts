import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/** A token as stored in workflow static data: ciphertext only, never the token itself. */
export interface SealedToken {
	salt: string;
	iv: string;
	tag: string;
	data: string;
}

const KEY_INFO = 'n8n-nodes-workspace-one-uem token cache v1';

/**
 * GCM's full tag. Node accepts shorter ones (4 to 15 bytes) unless told otherwise, and a short tag
 * can be forged by trying: an entry whose tag is not exactly this long is not opened.
 */
const TAG_BYTES = 16;

/**
 * Derives the entry's key from the client secret (HKDF-SHA256, random salt per entry): static
 * data is saved and exported in clear text, so only someone holding the credential can read it.
 */
function keyFor(secret: string, salt: Buffer): Buffer {
	return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), salt, KEY_INFO, 32));
}

/** AES-256-GCM; `associated` binds the ciphertext to its cache key and expiry. */
export function sealToken(token: string, secret: string, associated: string): SealedToken {
	const salt = randomBytes(16);
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', keyFor(secret, salt), iv, { authTagLength: TAG_BYTES });
	cipher.setAAD(Buffer.from(associated, 'utf8'));
	const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
	return {
		salt: salt.toString('base64'),
		iv: iv.toString('base64'),
		tag: cipher.getAuthTag().toString('base64'),
		data: data.toString('base64'),
	};
}

/** The token, or undefined when the entry was sealed with another secret, key or expiry, or altered. */
export function openToken(sealed: SealedToken, secret: string, associated: string): string | undefined {
	try {
		const tag = Buffer.from(sealed.tag, 'base64');
		if (tag.length !== TAG_BYTES) return undefined;
		const decipher = createDecipheriv(
			'aes-256-gcm',
			keyFor(secret, Buffer.from(sealed.salt, 'base64')),
			Buffer.from(sealed.iv, 'base64'),
			{ authTagLength: TAG_BYTES },
		);
		decipher.setAAD(Buffer.from(associated, 'utf8'));
		decipher.setAuthTag(tag);
		return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
	} catch {
		return undefined;
	}
}

/** A stable, non-secret name for one tenant connection: token URL, API URL and client ID. */
export function cacheKeyOf(tokenUrl: string, apiUrl: string, clientId: string): string {
	return createHash('sha256').update(`${tokenUrl}\n${apiUrl}\n${clientId}`).digest('hex').slice(0, 32);
}
